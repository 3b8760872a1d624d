package org.collab4j.algo.knn;

import java.io.IOException;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TypedCodec;

/** Codec for {@link ImplicitItemKnnModel}: sizes, the measure, each user's weighted items and each item's neighbour row. */
public final class ImplicitItemKnnCodec extends TypedCodec<ImplicitItemKnnModel> {
    public ImplicitItemKnnCodec() {
        super(ImplicitItemKnnModel.KIND, ImplicitItemKnnModel.class);
    }

    @Override
    protected void writeModel(ImplicitItemKnnModel m, BinaryOut out) throws IOException {
        out.writeInt(m.numUsers());
        out.writeInt(m.numItems());
        out.writeString(m.measure());
        out.writeInts(m.userStart());
        out.writeInts(m.userItems());
        out.writeFloats(m.userWeights());
        out.writeInts(m.neighbourStart());
        out.writeInts(m.neighbours());
        out.writeFloats(m.neighbourSimilarities());
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        int nu = in.readInt(), ni = in.readInt();
        String measure = in.readString();
        int[] us = in.readInts(), ui = in.readInts();
        float[] uw = in.readFloats();
        int[] ns = in.readInts(), nb = in.readInts();
        float[] sims = in.readFloats();
        checkRows(us, ui, ni, "user");
        checkRows(ns, nb, ni, "neighbour");
        try {
            return new ImplicitItemKnnModel(nu, ni, us, ui, uw, ns, nb, sims, measure);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException("inconsistent item-knn model: " + e.getMessage());
        }
    }

    /** Offsets ascending from 0, indices in range and ascending within each row. */
    static void checkRows(int[] start, int[] index, int n, String what) throws CorruptModelException {
        if (start.length == 0 || start[0] != 0) throw new CorruptModelException(what + " rows do not start at 0");
        for (int r = 0; r + 1 < start.length; r++) {
            if (start[r + 1] < start[r] || start[r + 1] > index.length) throw new CorruptModelException(what + " row offsets are not in order");
            for (int p = start[r]; p < start[r + 1]; p++) {
                if (index[p] < 0 || index[p] >= n) throw new CorruptModelException(what + " index " + index[p] + " out of range");
                if (p > start[r] && index[p] <= index[p - 1]) throw new CorruptModelException(what + " row " + r + " is not sorted");
            }
        }
    }
}
