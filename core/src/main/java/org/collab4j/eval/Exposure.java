package org.collab4j.eval;

import java.util.Arrays;

/**
 * What a set of top-N lists does to the catalogue, beside accuracy: how much of it is shown
 * (coverage), how unfamiliar the shown items are (novelty), and how unequally exposure is
 * spread (Gini index). Feedback loops show up here first: a recommender that keeps showing the
 * same popular items has low coverage, low novelty and a Gini index near 1.
 *
 * <p>Definitions, over {@code m} lists (one per user) of a catalogue of {@code n} items, where
 * item {@code i} was rated by {@code c_i} of the {@code U} training users and appears in
 * {@code e_i} lists:
 * <ul>
 * <li>coverage = |{i : e_i > 0}| / n;</li>
 * <li>novelty = mean over all list entries of the self-information {@code -log2(max(c_i, 1) / U)}
 * (Zhou et al. 2010, "Solving the apparent diversity-accuracy dilemma");</li>
 * <li>Gini = {@code sum_j (2j - n - 1) e_(j) / (n sum_j e_j)} with {@code e_(1) <= .. <= e_(n)}
 * sorted ascending, {@code j = 1..n}: 0 when every item is shown equally often, {@code 1 - 1/n}
 * when one item takes all exposure; 0 for no exposure at all.</li>
 * </ul>
 */
public final class Exposure {
    private final int[] exposure;
    private final int[] itemCounts;
    private final int numUsers;
    private double information;
    private long entries;

    /** @param itemCounts training ratings per item; {@code numUsers} training users (for novelty) */
    public Exposure(int[] itemCounts, int numUsers) {
        this.exposure = new int[itemCounts.length];
        this.itemCounts = itemCounts;
        this.numUsers = Math.max(1, numUsers);
    }

    /** Records one list (entries {@code items[0..n)}). */
    public void add(int[] items, int n) {
        for (int j = 0; j < n; j++) {
            int i = items[j];
            exposure[i]++;
            information += selfInformation(i);
            entries++;
        }
    }

    public void add(int[] items) {
        add(items, items.length);
    }

    /** {@code -log2(max(c_i, 1) / U)}. */
    public double selfInformation(int item) {
        return -Math.log(Math.max(itemCounts[item], 1) / (double) numUsers) / Math.log(2);
    }

    public double coverage() {
        int covered = 0;
        for (int e : exposure) if (e > 0) covered++;
        return exposure.length == 0 ? 0 : (double) covered / exposure.length;
    }

    public double novelty() {
        return entries == 0 ? Double.NaN : information / entries;
    }

    public double gini() {
        return gini(exposure);
    }

    /** Times each item was shown (shared). */
    public int[] exposure() {
        return exposure;
    }

    /** Gini index of non-negative counts (see the class comment). */
    public static double gini(int[] counts) {
        int n = counts.length;
        int[] s = counts.clone();
        Arrays.sort(s);
        double total = 0, weighted = 0;
        for (int j = 0; j < n; j++) {
            total += s[j];
            weighted += (2.0 * (j + 1) - n - 1) * s[j];
        }
        return total == 0 ? 0 : weighted / (n * total);
    }
}
