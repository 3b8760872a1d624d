package org.collab4j.recommend.ann;

import java.util.Arrays;

import org.collab4j.kernel.TopK;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

/**
 * A known user's top-N through an {@link ItemIndex}: the index proposes candidates, each is
 * rescored exactly with the model's own prediction (so biases, {@code y_range} and clipping hold
 * as in exact search), items the user rated in training are excluded, and the best {@code n} are
 * returned. When exclusions leave too few candidates the search widens, and at the end falls back
 * to scoring every item, so the answer always has {@code min(n, unseen items)} entries.
 */
public final class ApproximateTopN {
    /**
     * Catalogues smaller than this are scored exactly even when an HNSW graph exists: below it,
     * scoring every item is faster than searching the graph (docs/benchmarks.md, "Approximate
     * top-N: the HNSW graph").
     */
    public static final int MIN_ITEMS = 8_000;
    /**
     * Catalogues smaller than this are scored exactly even when k-means lists exist: from here on
     * the lists were faster than scoring every item on every model measured, and exact within
     * their scan budget (docs/benchmarks.md, "Approximate top-N: k-means lists").
     */
    public static final int MIN_LIST_ITEMS = 1_000;

    private final TrainedModel model;
    private final FactorModel factors;
    private final ItemIndex index;

    public ApproximateTopN(TrainedModel model, ItemIndex index) {
        this.model = model;
        this.factors = index.factorsOf(model, ItemIndex.Kind.USER_ITEM, "users' top-N needs an index of users' top-N, not of similar items");
        this.index = index;
    }

    /** The smallest catalogue an index built by {@code method} is used for. */
    public static int minItems(ItemIndex.Method method) {
        return method == ItemIndex.Method.LISTS ? MIN_LIST_ITEMS : MIN_ITEMS;
    }

    /** Whether an index built by {@code method} pays for a catalogue of {@code items} ({@link #minItems}). */
    public static boolean pays(ItemIndex.Method method, int items) {
        return items >= minItems(method);
    }

    /**
     * The index saved beside {@code modelFile} ({@link IndexFile#beside}) for {@code model}, read
     * from that file; null when there is none or the catalogue is too small for it ({@link #pays}).
     *
     * @throws java.io.IOException an index that is damaged or was built from another model file
     */
    public static ApproximateTopN beside(java.nio.file.Path modelFile, TrainedModel model) throws java.io.IOException {
        ItemIndex index = IndexFile.readBeside(modelFile, model, ItemIndex.Kind.USER_ITEM);
        return index != null && pays(index.method(), model.numItems()) ? new ApproximateTopN(model, index) : null;
    }

    public TrainedModel model() {
        return model;
    }

    public ItemIndex index() {
        return index;
    }

    /**
     * Writes user {@code user}'s top {@code n} unseen items to {@code items}/{@code scores} (best
     * first, scores as {@link FactorModel#predict}); returns how many.
     */
    public int topN(int user, int n, int[] items, float[] scores) {
        int ni = model.numItems();
        int[] seenStart = model.seenStart(), seen = model.seenItems();
        int nSeen = seenStart[user + 1] - seenStart[user];
        int want = Math.min(n, ni - nSeen);
        if (want <= 0) return 0;
        TopK top = new TopK(want);
        int ask = index.pool(want + nSeen);
        int[] cand = new int[Math.min(ask, ni)];
        while (true) {
            int c = index.candidates(factors.userFactors(), user * factors.factors(), cand.length, cand);
            top.clear();
            int kept = 0;
            for (int j = 0; j < c; j++) {
                int i = cand[j];
                if (Arrays.binarySearch(seen, seenStart[user], seenStart[user + 1], i) >= 0) continue;
                top.offer(i, factors.predict(user, i));
                kept++;
            }
            if (kept >= want) return top.drainSorted(items, scores);
            if (cand.length >= ni) break;
            cand = new int[(int) Math.min(ni, 4L * cand.length)];
        }
        // the index did not reach enough unseen items: score them all
        top.clear();
        for (int i = 0; i < ni; i++)
            if (Arrays.binarySearch(seen, seenStart[user], seenStart[user + 1], i) < 0) top.offer(i, factors.predict(user, i));
        return top.drainSorted(items, scores);
    }
}
