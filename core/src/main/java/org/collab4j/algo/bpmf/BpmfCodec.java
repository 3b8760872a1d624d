package org.collab4j.algo.bpmf;

import org.collab4j.io.FactorModelCodec;
import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.TypedCodec;
import java.io.IOException;

import org.collab4j.model.FactorModel;
import org.collab4j.model.RatingModel;

/**
 * Codec for {@link BpmfModel}: the number of samples and the factors of one sample, then the
 * shared factor representation (all samples' factors, concatenated) and the clip range.
 */
public final class BpmfCodec extends TypedCodec<BpmfModel> {
    public BpmfCodec() {
        super(BpmfModel.KIND, BpmfModel.class);
    }

    @Override
    protected void writeModel(BpmfModel m, BinaryOut out) throws IOException {
        out.writeInt(m.samples());
        out.writeInt(m.sampleFactors());
        FactorModelCodec.writeFactors(m, out);
        FactorModelCodec.writeClip(m, out);
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        int samples = in.readInt(), k = in.readInt();
        FactorModel f = FactorModelCodec.readFactors(in);
        if (samples < 1 || k < 1 || (long) samples * k != f.factors())
            throw new CorruptModelException("BPMF model of " + samples + " samples of " + k + " factors cannot have " + f.factors() + " factors");
        BpmfModel m = new BpmfModel(f.numUsers(), f.numItems(), samples, k, f.userFactors(), f.itemFactors(), f.userBias(), f.itemBias(),
                f.global());
        FactorModelCodec.readClip(m, in);
        return m;
    }
}
