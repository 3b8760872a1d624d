package org.collab4j.algo.popularity;

import org.collab4j.model.TopNModel;
import org.collab4j.model.UserItemModel;

/**
 * {@code popularity}: every user gets the items most users interacted with in training, the
 * baseline every top-N model must beat. The score of an item is its number of training users;
 * it is the same for every user, known or new, so folding a user in costs nothing. It has no
 * reason to give beyond "popular".
 */
public final class PopularityModel extends UserItemModel implements TopNModel {
    public static final String KIND = "popularity";
    private final float[] counts;

    /** @param counts training users of each item */
    public PopularityModel(int numUsers, float[] counts) {
        super(numUsers, counts.length);
        if (numUsers < 0) throw new IllegalArgumentException("negative user count " + numUsers);
        this.counts = counts;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Training users of each item (shared; do not modify). */
    public float[] counts() {
        return counts;
    }

    @Override
    public float predict(int user, int item) {
        return counts[item];
    }

    @Override
    public float predictUnknown(int user, int item) {
        return item >= 0 ? counts[item] : 0;
    }

    @Override
    public void scoreItems(int user, float[] out) {
        System.arraycopy(counts, 0, out, 0, counts.length);
    }

    @Override
    public void scoreHistory(int[] items, float[] weights, int n, float[] out) {
        System.arraycopy(counts, 0, out, 0, counts.length);
    }
}
