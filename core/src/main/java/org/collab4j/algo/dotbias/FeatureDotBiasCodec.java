package org.collab4j.algo.dotbias;

import org.collab4j.io.FeaturesCodec;
import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.TypedCodec;
import java.io.IOException;

import org.collab4j.model.RatingModel;
import org.collab4j.train.Param;

/** Codec for {@link FeatureDotBias}: sizes, options, encoded side information, every tensor. */
public final class FeatureDotBiasCodec extends TypedCodec<FeatureDotBias> {
    public FeatureDotBiasCodec() {
        super("feature-dot-bias", FeatureDotBias.class);
    }

    @Override
    protected void writeModel(FeatureDotBias m, BinaryOut out) throws IOException {
        out.writeInt(m.numUsers());
        out.writeInt(m.numItems());
        out.writeInt(m.factors());
        float[] yr = m.yRange();
        out.writeBoolean(yr != null);
        if (yr != null) out.writeFloats(yr);
        DotProductBias.Options o = m.options();
        out.writeFloat(o.factorL2());
        out.writeFloat(o.biasL2());
        out.writeBoolean(o.decayBiases());
        out.writeDouble(o.factorEps());
        out.writeDouble(o.biasEps());
        FeaturesCodec.write(m.features(), out);
        Param[] ps = m.params();
        out.writeInt(ps.length);
        for (Param p : ps) out.writeFloats(p.value);
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        int nu = in.readInt(), ni = in.readInt(), k = in.readInt();
        float[] yr = in.readBoolean() ? in.readFloats() : null;
        FeatureDotBias m;
        try {
            DotProductBias.Options o = new DotProductBias.Options(in.readFloat(), in.readFloat(), in.readBoolean(), in.readDouble(), in.readDouble());
            if (k < 1 || yr != null && yr.length != 2) throw new IllegalArgumentException("bad sizes");
            m = new FeatureDotBias(nu, ni, k, FeaturesCodec.read(in, nu, ni), yr, o, 0, false);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException("inconsistent dot-bias model with features: " + e.getMessage());
        }
        Param[] ps = m.params();
        int n = in.readInt();
        if (n != ps.length) throw new CorruptModelException("expected " + ps.length + " parameter tensors, found " + n);
        for (Param p : ps) {
            float[] v = in.readFloats();
            if (v.length != p.value.length) throw new CorruptModelException(p.name + " has " + v.length + " values, expected " + p.value.length);
            System.arraycopy(v, 0, p.value, 0, v.length);
        }
        return m;
    }
}
