package org.collab4j.io;

import java.io.IOException;

import org.collab4j.model.RatingModel;

/**
 * Writes and reads one family of models inside a model file. Each codec has a stable name,
 * stored in the file; {@link ModelFile} finds the codec for a model by asking each registered
 * codec whether it {@link #handles} it.
 */
public interface ModelCodec {
    String name();

    boolean handles(RatingModel model);

    void write(RatingModel model, BinaryOut out) throws IOException;

    RatingModel read(BinaryIn in) throws IOException;
}
