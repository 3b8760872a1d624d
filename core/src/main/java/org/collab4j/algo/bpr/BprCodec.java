package org.collab4j.algo.bpr;

import java.io.IOException;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TypedCodec;

/** Codec for {@link BprModel}: sizes, factors, the fold-in's reg, the user and item factors and the item biases. */
public final class BprCodec extends TypedCodec<BprModel> {
    public BprCodec() {
        super(BprModel.KIND, BprModel.class);
    }

    @Override
    protected void writeModel(BprModel m, BinaryOut out) throws IOException {
        out.writeInt(m.numUsers());
        out.writeInt(m.numItems());
        out.writeInt(m.factors());
        out.writeFloat(m.reg());
        out.writeFloats(m.userFactors());
        out.writeFloats(m.itemFactors());
        out.writeFloats(m.itemBias());
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        int nu = in.readInt(), ni = in.readInt(), k = in.readInt();
        float reg = in.readFloat();
        float[] p = in.readFloats(), q = in.readFloats(), b = in.readFloats();
        if (nu < 0 || ni < 0 || k < 1) throw new CorruptModelException("bpr sizes are invalid: " + nu + " users, " + ni + " items, " + k + " factors");
        if (p.length != (long) nu * k || q.length != (long) ni * k || b.length != ni)
            throw new CorruptModelException("bpr arrays do not match " + nu + " users, " + ni + " items and " + k + " factors");
        if (!(reg > 0)) throw new CorruptModelException("bpr reg must be positive, got " + reg);
        return new BprModel(nu, ni, k, p, q, b, reg);
    }
}
