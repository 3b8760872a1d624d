package org.collab4j.algo.popularity;

import java.io.IOException;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TypedCodec;

/** Codec for {@link PopularityModel}: the user count and each item's training users. */
public final class PopularityCodec extends TypedCodec<PopularityModel> {
    public PopularityCodec() {
        super(PopularityModel.KIND, PopularityModel.class);
    }

    @Override
    protected void writeModel(PopularityModel m, BinaryOut out) throws IOException {
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
