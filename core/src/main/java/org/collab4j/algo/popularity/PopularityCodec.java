package org.collab4j.algo.popularity;

import java.io.IOException;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.ModelCodec;
import org.collab4j.model.RatingModel;

/** Codec for {@link PopularityModel}: the user count and each item's training users. */
public final class PopularityCodec implements ModelCodec {
    @Override
    public String name() {
        return PopularityModel.KIND;
    }

    @Override
    public boolean handles(RatingModel model) {
        return model instanceof PopularityModel;
    }

    @Override
    public void write(RatingModel model, BinaryOut out) throws IOException {
        PopularityModel m = (PopularityModel) model;
        out.writeInt(m.numUsers());
        out.writeFloats(m.counts());
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        int nu = in.readInt();
        float[] counts = in.readFloats();
        if (nu < 0) throw new CorruptModelException("negative user count " + nu);
        for (float c : counts) if (!(c >= 0)) throw new CorruptModelException("bad item count " + c);
        return new PopularityModel(nu, counts);
    }
}
