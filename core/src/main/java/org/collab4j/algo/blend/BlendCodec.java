package org.collab4j.algo.blend;

import org.collab4j.io.ModelFile;
import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.ModelCodec;
import org.collab4j.model.TypedCodec;
import java.io.IOException;

import org.collab4j.model.RatingModel;

/** Codec for {@link BlendModel}: the clip range, the weights, then each component as its own codec writes it, after its codec's name. */
public final class BlendCodec extends TypedCodec<BlendModel> {
    public BlendCodec() {
        super(BlendModel.KIND, BlendModel.class);
    }

    @Override
    protected void writeModel(BlendModel m, BinaryOut out) throws IOException {
        float[] clip = m.clipRange();
        out.writeFloat(clip[0]);
        out.writeFloat(clip[1]);
        double[] w = m.weights();
        out.writeInt(w.length);
        for (double v : w) out.writeDouble(v);
        for (RatingModel c : m.components()) {
            ModelCodec codec = ModelFile.codecFor(c);
            out.writeString(codec.name());
            codec.write(c, out);
        }
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        float lo = in.readFloat(), hi = in.readFloat();
        int n = in.readInt();
        if (n < 2 || n > 1000) throw new CorruptModelException("bad number of blend weights " + n);
        double[] w = new double[n];
        for (int k = 0; k < n; k++) w[k] = in.readDouble();
        RatingModel[] components = new RatingModel[n - 1];
        for (int k = 0; k < components.length; k++) {
            String name = in.readString();
            if (name.equals(name())) throw new CorruptModelException("a blend inside a blend");
            components[k] = ModelFile.codecNamed(name).read(in);
        }
        try {
            return new BlendModel(components, w, lo, hi);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException("inconsistent blend: " + e.getMessage());
        }
    }
}
