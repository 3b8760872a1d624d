package org.collab4j.model;

import java.io.IOException;

/**
 * The codec of one model class: its name in the model file and the class it writes are given once;
 * a subclass writes the model's fields ({@link #writeModel}) and reads them back ({@link #read}).
 */
public abstract class TypedCodec<M extends RatingModel> implements ModelCodec {
    private final String name;
    private final Class<M> type;

    protected TypedCodec(String name, Class<M> type) {
        this.name = name;
        this.type = type;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean handles(RatingModel model) {
        return type.isInstance(model);
    }

    @Override
    public final void write(RatingModel model, BinaryOut out) throws IOException {
        writeModel(type.cast(model), out);
    }

    /** Writes {@code model}'s fields, in the order {@link #read} reads them. */
    protected abstract void writeModel(M model, BinaryOut out) throws IOException;
}
