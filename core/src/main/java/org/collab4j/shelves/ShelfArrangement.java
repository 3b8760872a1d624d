package org.collab4j.shelves;

import java.util.Arrays;

import org.collab4j.kernel.Rng;

/**
 * Arranges N = R x C items into R rows of exactly C, given their symmetric similarities
 * {@code S} (row-major {@code N x N}, zero diagonal), in two stages with one objective each:
 * <ol>
 * <li><b>Rows</b> (balanced clustering): maximise the within-row similarity
 * {@code W = sum over rows of sum over pairs {a, b} in the row of S_ab}. Seeds: the first is
 * drawn from the seeded stream, each next one is the item least like the seeds so far
 * (farthest-point seeding). Then greedy growth: among unplaced items and rows not yet full, place
 * the item on the row where it adds the most to W, best gain first. Then local search: swap two
 * items of different rows whenever that raises W, pass after pass until no swap does.</li>
 * <li><b>Order</b> within each row (seriation): maximise the similarity of neighbours,
 * {@code A = sum over adjacent a, b of S_ab}, a best Hamiltonian path: the nearest-neighbour
 * path from every start, the best of them improved by 2-opt (reversing a stretch while that
 * raises A).</li>
 * </ol>
 * Both problems are NP-hard in general; these heuristics are deterministic for a seed (ties go to
 * the lower index) and cost about {@code N^2 R} for the growth and {@code N^2} per swap pass.
 */
public final class ShelfArrangement {
    /** Local search stops after this many passes even if swaps still help (each pass is O(N^2)). */
    static final int MAX_SWAP_PASSES = 50;
    private static final double EPS = 1e-9;

    private ShelfArrangement() {
    }

    /** The arrangement: {@code rows[r]} holds positions 0..N-1 of the input, in shelf order. */
    public record Result(int[][] rows, double withinRow, double adjacent) {
    }

    /**
     * @param s       symmetric similarities, row-major {@code n x n} with {@code n = rows * perRow}; the diagonal is ignored
     * @param rows    number of rows R (at least 1)
     * @param perRow  items per row C (at least 1)
     */
    public static Result arrange(float[] s, int rows, int perRow, long seed) {
        if (rows < 1 || perRow < 1) throw new IllegalArgumentException("rows and items per row must be at least 1, got " + rows + " and " + perRow);
        int n = rows * perRow;
        if (s.length != (long) n * n) throw new IllegalArgumentException("similarities are not " + n + " x " + n);
        int[] rowOf = grow(s, n, rows, perRow, new Rng(seed));
        improve(s, n, rows, rowOf);
        int[][] out = new int[rows][];
        int[] fill = new int[rows];
        for (int r = 0; r < rows; r++) out[r] = new int[perRow];
        for (int x = 0; x < n; x++) out[rowOf[x]][fill[rowOf[x]]++] = x;
        double adjacent = 0;
        for (int r = 0; r < rows; r++) {
            out[r] = order(s, n, out[r]);
            adjacent += pathWeight(s, n, out[r]);
        }
        return new Result(out, withinRow(s, n, rowOf), adjacent);
    }

    /** W of an assignment of items to rows. */
    static double withinRow(float[] s, int n, int[] rowOf) {
        double w = 0;
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++) if (rowOf[a] == rowOf[b]) w += s[a * n + b];
        return w;
    }

    /** Farthest-point seeds, then the best (item, open row) gain first, until every row is full. */
    private static int[] grow(float[] s, int n, int rows, int perRow, Rng rng) {
        int[] rowOf = new int[n];
        Arrays.fill(rowOf, -1);
        int[] size = new int[rows];
        double[] gain = new double[n * rows]; // gain[x * rows + r] = sum of S between x and row r's items
        int first = rng.nextInt(n);
        place(s, n, rows, rowOf, size, gain, first, 0);
        double[] closest = new double[n]; // an item's largest similarity to a seed so far
        Arrays.fill(closest, Double.NEGATIVE_INFINITY);
        int last = first;
        for (int r = 1; r < rows; r++) {
            int pick = -1;
            for (int x = 0; x < n; x++) {
                if (rowOf[x] >= 0) continue;
                closest[x] = Math.max(closest[x], s[x * n + last]);
                if (pick < 0 || closest[x] < closest[pick]) pick = x;
            }
            place(s, n, rows, rowOf, size, gain, pick, r);
            last = pick;
        }
        for (int placed = rows; placed < n; placed++) {
            int bx = -1, br = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < n; x++) {
                if (rowOf[x] >= 0) continue;
                for (int r = 0; r < rows; r++)
                    if (size[r] < perRow && gain[x * rows + r] > best) { best = gain[x * rows + r]; bx = x; br = r; }
            }
            place(s, n, rows, rowOf, size, gain, bx, br);
        }
        return rowOf;
    }

    private static void place(float[] s, int n, int rows, int[] rowOf, int[] size, double[] gain, int x, int r) {
        rowOf[x] = r;
        size[r]++;
        for (int z = 0; z < n; z++) if (z != x) gain[z * rows + r] += s[z * n + x];
    }

    /** First-improvement swaps of two items of different rows while W rises. */
    static void improve(float[] s, int n, int rows, int[] rowOf) {
        double[] g = new double[n * rows];
        for (int x = 0; x < n; x++)
            for (int z = 0; z < n; z++) if (z != x) g[x * rows + rowOf[z]] += s[x * n + z];
        for (int pass = 0; pass < MAX_SWAP_PASSES; pass++) {
            boolean changed = false;
            for (int x = 0; x < n; x++)
                for (int y = x + 1; y < n; y++) {
                    int rx = rowOf[x], ry = rowOf[y];
                    if (rx == ry) continue;
                    double sxy = s[x * n + y];
                    double delta = g[x * rows + ry] - sxy + g[y * rows + rx] - sxy - g[x * rows + rx] - g[y * rows + ry];
                    if (delta <= EPS) continue;
                    rowOf[x] = ry;
                    rowOf[y] = rx;
                    for (int z = 0; z < n; z++) {
                        float zx = z == x ? 0f : s[z * n + x], zy = z == y ? 0f : s[z * n + y];
                        g[z * rows + rx] += zy - zx;
                        g[z * rows + ry] += zx - zy;
                    }
                    changed = true;
                }
            if (!changed) break;
        }
    }

    /** A row's items in an order of high neighbour similarity: best nearest-neighbour path, then 2-opt. */
    static int[] order(float[] s, int n, int[] items) {
        int c = items.length;
        if (c <= 2) return items.clone();
        int[] best = null;
        double bestW = Double.NEGATIVE_INFINITY;
        int[] path = new int[c];
        boolean[] used = new boolean[c];
        for (int start = 0; start < c; start++) {
            Arrays.fill(used, false);
            path[0] = items[start];
            used[start] = true;
            for (int p = 1; p < c; p++) {
                int next = -1;
                for (int j = 0; j < c; j++)
                    if (!used[j] && (next < 0 || s[path[p - 1] * n + items[j]] > s[path[p - 1] * n + items[next]])) next = j;
                used[next] = true;
                path[p] = items[next];
            }
            double w = pathWeight(s, n, path);
            if (w > bestW + EPS) { bestW = w; best = path.clone(); }
        }
        // 2-opt on a path: reversing best[i..j] replaces edges (i-1, i) and (j, j+1) by (i-1, j) and (i, j+1)
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int i = 0; i < c - 1; i++)
                for (int j = i + 1; j < c; j++) {
                    double before = 0, after = 0;
                    if (i > 0) { before += s[best[i - 1] * n + best[i]]; after += s[best[i - 1] * n + best[j]]; }
                    if (j < c - 1) { before += s[best[j] * n + best[j + 1]]; after += s[best[i] * n + best[j + 1]]; }
                    if (after > before + EPS) {
                        for (int a = i, b = j; a < b; a++, b--) { int t = best[a]; best[a] = best[b]; best[b] = t; }
                        improved = true;
                    }
                }
        }
        return best;
    }

    static double pathWeight(float[] s, int n, int[] path) {
        double w = 0;
        for (int p = 1; p < path.length; p++) w += s[path[p - 1] * n + path[p]];
        return w;
    }
}
