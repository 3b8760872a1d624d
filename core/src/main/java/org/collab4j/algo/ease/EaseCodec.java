package org.collab4j.algo.ease;

import java.io.IOException;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TypedCodec;

/** Codec for {@link EaseModel}: sizes, lambda, each user's items and the weight matrix B. */
public final class EaseCodec extends TypedCodec<EaseModel> {
    public EaseCodec() {
        super(EaseModel.KIND, EaseModel.class);
    }

    @Override
    protected void writeModel(EaseModel m, BinaryOut out) throws IOException {
        out.writeInt(m.numUsers());
        out.writeInt(m.numItems());
        out.writeFloat(m.lambda());
        out.writeInts(m.userStart());
        out.writeInts(m.userItems());
        out.writeFloats(m.weights());
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        int nu = in.readInt(), ni = in.readInt();
        float lambda = in.readFloat();
        int[] us = in.readInts(), ui = in.readInts();
        float[] b = in.readFloats();
        if (nu < 0 || ni < 0 || (long) ni * ni != b.length) throw new CorruptModelException("ease weights do not match " + ni + " items");
        if (us.length != nu + 1 || us[0] != 0 || us[nu] != ui.length) throw new CorruptModelException("ease user rows do not match " + nu + " users");
        for (int u = 0; u < nu; u++) if (us[u + 1] < us[u]) throw new CorruptModelException("ease user row offsets are not in order");
        for (int i : ui) if (i < 0 || i >= ni) throw new CorruptModelException("item index " + i + " out of range");
        return new EaseModel(nu, ni, b, us, ui, lambda);
    }
}
