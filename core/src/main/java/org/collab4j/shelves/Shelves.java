package org.collab4j.shelves;

import org.collab4j.kernel.Rng;
import org.collab4j.model.ItemSimilarity;
import org.collab4j.model.TrainedModel;

/**
 * The offline shop: R rows of C items on the shelves, for the catalogue's R x C most popular
 * items (most training users first, ties to the lower index). The similarity of two items is the
 * model's own ({@link ItemSimilarity}: cosine of factors, EASE weights, neighbourhood weights),
 * made symmetric as {@code (s(a, b) + s(b, a)) / 2}, with no similarity counting as 0.
 * {@link ShelfArrangement} states the objective and the heuristic: rows that maximise the
 * within-row similarity, then each row ordered so that neighbours are the most alike.
 * Alongside, the two plain arrangements it is measured against ({@link ShelfScore}): rows by
 * popularity and random rows.
 */
public final class Shelves {
    private Shelves() {
    }

    /**
     * An arrangement: {@code rows[r]} are model item indices, in shelf order; {@code withinRow} and
     * {@code adjacent} are the two objectives' values (sums of similarity), {@code measure} says
     * what the similarity is.
     */
    public record Plan(int[][] rows, double withinRow, double adjacent, String measure) {
    }

    /** The rows and order that maximise similarity ({@link ShelfArrangement}), deterministic for a seed. */
    public static Plan arrange(TrainedModel model, int rows, int perRow, long seed) {
        ItemSimilarity sim = similarity(model);
        int[] items = popular(model, rows, perRow);
        float[] s = similarities(sim, items, model.numItems());
        ShelfArrangement.Result r = ShelfArrangement.arrange(s, rows, perRow, seed);
        int[][] out = new int[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = new int[perRow];
            for (int j = 0; j < perRow; j++) out[i][j] = items[r.rows()[i][j]];
        }
        return new Plan(out, r.withinRow(), r.adjacent(), sim.similarityMeasure());
    }

    /** Rows by popularity: the C most popular items on the first row, the next C on the second, and so on. */
    public static int[][] byPopularity(TrainedModel model, int rows, int perRow) {
        int[] items = popular(model, rows, perRow);
        int[][] out = new int[rows][];
        for (int r = 0; r < rows; r++) out[r] = java.util.Arrays.copyOfRange(items, r * perRow, r * perRow + perRow);
        return out;
    }

    /** The same items as {@link #byPopularity}, shuffled into rows by the seeded stream. */
    public static int[][] random(TrainedModel model, int rows, int perRow, long seed) {
        int[] items = popular(model, rows, perRow);
        new Rng(seed).shuffle(items);
        int[][] out = new int[rows][];
        for (int r = 0; r < rows; r++) out[r] = java.util.Arrays.copyOfRange(items, r * perRow, r * perRow + perRow);
        return out;
    }

    /** The {@code rows * perRow} items with the most training users, most first; bad sizes are an error that says which. */
    public static int[] popular(TrainedModel model, int rows, int perRow) {
        check(rows, perRow, model.numItems());
        int n = rows * perRow, ni = model.numItems();
        int[] counts = model.itemCounts();
        Integer[] order = new Integer[ni];
        for (int i = 0; i < ni; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> counts[a] != counts[b] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b));
        int[] out = new int[n];
        for (int j = 0; j < n; j++) out[j] = order[j];
        return out;
    }

    /** Checks the shelf's shape against a catalogue of {@code items} items. */
    public static void check(int rows, int perRow, int items) {
        if (rows < 1) throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
        if (perRow < 1) throw new IllegalArgumentException("--per-row must be at least 1, got " + perRow);
        if ((long) rows * perRow > items)
            throw new IllegalArgumentException(rows + " rows of " + perRow + " need " + (long) rows * perRow + " items, but the catalogue has "
                    + items + "; ask for fewer rows or fewer items per row");
        if ((long) rows * perRow > 46_340)
            throw new IllegalArgumentException(rows + " rows of " + perRow + " are too many items to compare pair by pair (at most 46340)");
    }

    private static ItemSimilarity similarity(TrainedModel model) {
        if (model.model() instanceof ItemSimilarity s) return s;
        throw new IllegalArgumentException("model " + model.kind() + " has no item similarities to arrange shelves by; use a model that"
                + " lists similar items (ease, item-knn, bpr, ials, dot-bias, ...)");
    }

    /** Symmetric similarities of {@code items}, row-major, zero diagonal, NaN as 0. */
    static float[] similarities(ItemSimilarity sim, int[] items, int numItems) {
        int n = items.length;
        float[] s = new float[n * n], row = new float[numItems];
        for (int a = 0; a < n; a++) {
            sim.similarities(items[a], row);
            for (int b = 0; b < n; b++) {
                float v = row[items[b]];
                s[a * n + b] = Float.isNaN(v) || a == b ? 0f : v;
            }
        }
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++) {
                float m = (s[a * n + b] + s[b * n + a]) / 2;
                s[a * n + b] = m;
                s[b * n + a] = m;
            }
        return s;
    }
}
