package org.collab4j.shelves;

/**
 * How well shelves keep together what people take together, on held-out users: of every pair of
 * shelved items that one held-out user has (both on the shelves, each pair counted once per
 * user), the share that sits on one row ({@code sameRow}) and the share that sits side by side
 * ({@code adjacent}). Random rows of C among N shelved items put a pair on one row with
 * probability {@code (C - 1) / (N - 1)} ({@link #randomSameRow}) and side by side with
 * probability {@code 2 R (C - 1) / (N (N - 1))} ({@link #randomAdjacent}).
 */
public final class ShelfScore {
    private ShelfScore() {
    }

    /** {@code pairs} counted; the shares of them on one row and side by side. */
    public record Share(long pairs, double sameRow, double adjacent) {
    }

    /**
     * @param rows      item indices per row, in shelf order
     * @param numItems  size of the catalogue the indices are in
     * @param users     each held-out user's items (indices of the same catalogue; duplicates are ignored)
     */
    public static Share of(int[][] rows, int numItems, int[][] users) {
        int[] rowOf = new int[numItems], at = new int[numItems];
        java.util.Arrays.fill(rowOf, -1);
        for (int r = 0; r < rows.length; r++)
            for (int c = 0; c < rows[r].length; c++) {
                rowOf[rows[r][c]] = r;
                at[rows[r][c]] = c;
            }
        long pairs = 0, same = 0, next = 0;
        int[] on = new int[0];
        for (int[] items : users) {
            if (on.length < items.length) on = new int[items.length];
            int m = 0;
            for (int i : items) if (i >= 0 && i < numItems && rowOf[i] >= 0) on[m++] = i;
            java.util.Arrays.sort(on, 0, m);
            int d = 0;
            for (int j = 0; j < m; j++) if (d == 0 || on[d - 1] != on[j]) on[d++] = on[j];
            for (int a = 0; a < d; a++)
                for (int b = a + 1; b < d; b++) {
                    pairs++;
                    if (rowOf[on[a]] == rowOf[on[b]]) {
                        same++;
                        if (Math.abs(at[on[a]] - at[on[b]]) == 1) next++;
                    }
                }
        }
        return new Share(pairs, pairs == 0 ? Double.NaN : (double) same / pairs, pairs == 0 ? Double.NaN : (double) next / pairs);
    }

    /** The expected same-row share of random rows: {@code (C - 1) / (R C - 1)}. */
    public static double randomSameRow(int rows, int perRow) {
        long n = (long) rows * perRow;
        return n < 2 ? Double.NaN : (perRow - 1.0) / (n - 1.0);
    }

    /** The expected side-by-side share of random rows in random order: {@code 2 R (C - 1) / (N (N - 1))}. */
    public static double randomAdjacent(int rows, int perRow) {
        double n = (double) rows * perRow;
        return n < 2 ? Double.NaN : 2.0 * rows * (perRow - 1) / (n * (n - 1));
    }
}
