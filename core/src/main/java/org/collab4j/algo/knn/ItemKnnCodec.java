package org.collab4j.algo.knn;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.TypedCodec;
import java.io.IOException;

import org.collab4j.model.RatingModel;

/**
 * Codec for {@link ItemKnnModel}: sizes, k and min-k, the clip range, the baselines, each user's
 * residual row and each item's neighbour row (positive similarities only).
 */
public final class ItemKnnCodec extends TypedCodec<ItemKnnModel> {
    public ItemKnnCodec() {
        super(ItemKnnModel.KIND, ItemKnnModel.class);
    }

    @Override
    protected void writeModel(ItemKnnModel m, BinaryOut out) throws IOException {
        out.writeInt(m.numUsers());
        out.writeInt(m.numItems());
        out.writeInt(m.k());
        out.writeInt(m.minK());
        float[] clip = m.clipRange();
        out.writeFloat(clip[0]);
        out.writeFloat(clip[1]);
        out.writeFloat(m.global());
        out.writeFloats(m.userBias());
        out.writeFloats(m.itemBias());
        out.writeInts(m.userStart());
        out.writeInts(m.userItems());
        out.writeFloats(m.userResiduals());
        out.writeInts(m.neighbourStart());
        out.writeInts(m.neighbours());
        out.writeFloats(m.neighbourSimilarities());
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        int nu = in.readInt(), ni = in.readInt(), k = in.readInt(), minK = in.readInt();
        float[] clip = {in.readFloat(), in.readFloat()};
        float mu = in.readFloat();
        float[] bu = in.readFloats(), bi = in.readFloats();
        int[] us = in.readInts(), ui = in.readInts();
        float[] ur = in.readFloats();
        int[] ns = in.readInts(), nb = in.readInts();
        float[] sims = in.readFloats();
        if (!(clip[0] <= clip[1])) throw new CorruptModelException("bad clip range");
        if (!ascending(us) || !ascending(ns)) throw new CorruptModelException("row offsets are not in order");
        for (int i : ui) if (i < 0 || i >= ni) throw new CorruptModelException("item index " + i + " out of range");
        for (int i : nb) if (i < 0 || i >= ni) throw new CorruptModelException("neighbour index " + i + " out of range");
        try {
            return new ItemKnnModel(nu, ni, mu, bu, bi, us, ui, ur, ns, nb, sims, k, minK, clip);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException("inconsistent item-knn model: " + e.getMessage());
        }
    }

    private static boolean ascending(int[] a) {
        if (a.length == 0 || a[0] != 0) return false;
        for (int j = 1; j < a.length; j++) if (a[j] < a[j - 1]) return false;
        return true;
    }
}
