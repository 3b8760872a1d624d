package org.collab4j.algo.svdpp;

import org.collab4j.io.FactorModelCodec;
import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.TypedCodec;
import java.io.IOException;

import org.collab4j.model.FactorModel;
import org.collab4j.model.RatingModel;

/** Codec for {@link SvdppModel}: the shared factor representation, the clip range, then p and y. */
public final class SvdppCodec extends TypedCodec<SvdppModel> {
    public SvdppCodec() {
        super(SvdppModel.KIND, SvdppModel.class);
    }

    @Override
    protected void writeModel(SvdppModel m, BinaryOut out) throws IOException {
        FactorModelCodec.writeFactors(m, out);
        FactorModelCodec.writeClip(m, out);
        out.writeFloats(m.explicitUserFactors());
        out.writeFloats(m.implicitFactors());
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        FactorModel f = FactorModelCodec.readFactors(in);
        float[] clip = in.readBoolean() ? new float[] {in.readFloat(), in.readFloat()} : null;
        float[] p = in.readFloats(), y = in.readFloats();
        try {
            SvdppModel m = new SvdppModel(f.numUsers(), f.numItems(), f.factors(), f.userFactors(), f.itemFactors(), f.userBias(),
                    f.itemBias(), f.global(), p, y);
            if (clip != null) m.clipTo(clip[0], clip[1]);
            return m;
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException("inconsistent SVD++ model: " + e.getMessage());
        }
    }
}
