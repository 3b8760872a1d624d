package org.collab4j.io;

import java.io.IOException;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.ModelCodec;
import org.collab4j.model.FactorModel;
import org.collab4j.model.RatingModel;

/**
 * Codec for plain {@link FactorModel}s: dot-bias, ALS, the baseline and anything else of that shape.
 * The factors are followed by a clip flag and, for a clipped model ({@link FactorModel#clipTo}),
 * its range. Older files wrote the flag only for clipped models, so a factor model that ends the
 * payload without it loads unclipped; the flag is now always written, because inside a
 * {@code blend} the next model's bytes follow and a missing flag would be read from them.
 */
public final class FactorModelCodec implements ModelCodec {
    @Override
    public String name() {
        return "factor";
    }

    @Override
    public boolean handles(RatingModel model) {
        return model.getClass() == FactorModel.class;
    }

    @Override
    public void write(RatingModel model, BinaryOut out) throws IOException {
        writeFactors((FactorModel) model, out);
        writeClip((FactorModel) model, out);
    }

    /** Writes whether {@code m} is clipped, and to what. */
    public static void writeClip(FactorModel m, BinaryOut out) throws IOException {
        float[] clip = m.clipRange();
        out.writeBoolean(clip != null);
        if (clip != null) {
            out.writeFloat(clip[0]);
            out.writeFloat(clip[1]);
        }
    }

    /** Reads what {@link #writeClip} wrote and applies it to {@code m}. */
    public static void readClip(FactorModel m, BinaryIn in) throws IOException {
        if (!in.readBoolean()) return;
        float lo = in.readFloat(), hi = in.readFloat();
        if (!(lo <= hi)) throw new CorruptModelException("bad clip range " + lo + "," + hi);
        m.clipTo(lo, hi);
    }

    /** Writes the shared factor representation (other codecs reuse it). */
    public static void writeFactors(FactorModel m, BinaryOut out) throws IOException {
        out.writeString(m.kind());
        out.writeInt(m.numUsers());
        out.writeInt(m.numItems());
        out.writeInt(m.factors());
        out.writeFloat(m.global());
        float[] yr = m.yRange();
        out.writeBoolean(yr != null);
        if (yr != null) {
            out.writeFloat(yr[0]);
            out.writeFloat(yr[1]);
        }
        out.writeFloats(m.userFactors());
        out.writeFloats(m.itemFactors());
        out.writeFloats(m.userBias());
        out.writeFloats(m.itemBias());
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        FactorModel m = readFactors(in);
        if (in.remaining() > 0) readClip(m, in); // older files: no flag when unclipped and last
        return m;
    }

    public static FactorModel readFactors(BinaryIn in) throws IOException {
        String kind = in.readString();
        int nu = in.readInt(), ni = in.readInt(), k = in.readInt();
        float global = in.readFloat();
        float[] yr = in.readBoolean() ? new float[] {in.readFloat(), in.readFloat()} : null;
        float[] p = in.readFloats(), q = in.readFloats(), bu = in.readFloats(), bi = in.readFloats();
        try {
            return new FactorModel(kind, nu, ni, k, p, q, bu, bi, global, yr);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException("inconsistent factor model: " + e.getMessage());
        }
    }
}
