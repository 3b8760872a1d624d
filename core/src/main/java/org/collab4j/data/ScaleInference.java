package org.collab4j.data;

import java.util.Arrays;

/**
 * The rating scale of a file that declares none, read from its values, and the values that
 * cannot be on it. One mistyped rating ({@code 44} among 1-5 stars) would otherwise stretch the
 * inferred scale, and with it the range of every prediction, to 1..44.
 *
 * <p>A value is refused as far from the rest when either
 * <ul>
 * <li>it lies beyond the 0.1% and 99.9% quantiles of the values by more than their distance
 * (beyond 9 or below -3 for 1-5 stars), or</li>
 * <li>it is an isolated extreme: the lowest or highest distinct value, held by one rating or at
 * most 0.1% of them, separated from the next by a gap of at least two steps of the other values
 * (their median distance) and a quarter of their range ({@code 7} or {@code -1} among 1-5
 * stars). This needs at least {@value #MIN_RATINGS} ratings, four distinct values and at most
 * {@value #MAX_DISTINCT}; it is applied again to the values left, so that two stray values are
 * both found.</li>
 * </ul>
 */
final class ScaleInference {
    /** More distinct values than this are treated as continuous: only the quantile rule applies. */
    static final int MAX_DISTINCT = 4096;
    /** Fewer ratings say too little about the steps of a scale to call a value isolated. */
    static final int MIN_RATINGS = 20;
    /** Values the quantiles of continuous data are estimated from. */
    private static final int SAMPLE = 1 << 16;

    private ScaleInference() {
    }

    /**
     * The range to hold ratings to when some lie far from the rest (see the class comment), with
     * the message a line outside gets; null when no value does.
     */
    static RatingBounds farOut(Values v) {
        int n = v.size();
        if (n == 0) return null;
        Histogram h = Histogram.of(v);
        float qlo, qhi;
        if (h != null) {
            qlo = h.atRank((long) Math.floor(0.001 * (n - 1)));
            qhi = h.atRank((long) Math.ceil(0.999 * (n - 1)));
        } else {
            float[] s = sample(v);
            qlo = s[(int) Math.floor(0.001 * (s.length - 1))];
            qhi = s[(int) Math.ceil(0.999 * (s.length - 1))];
        }
        double span = qhi > qlo ? (double) qhi - qlo : Math.max(Math.abs(qhi), 1.0);
        double lowFence = qlo - span, highFence = qhi + span;
        String advice = ", far from all of them; if the scale does reach it, declare the scale (--rating-scale MIN,MAX),"
                + " or leave such lines out (--skip-bad-lines)";
        if (h == null) {
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                float x = v.get(j);
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            if (min >= lowFence && max <= highFence) return null;
            return new RatingBounds((float) lowFence, (float) highFence, "a rating like the rest of the file (99.9% of its " + n
                    + " ratings lie within " + range(qlo, qhi) + ")", advice);
        }
        int lo = 0, hi = h.size() - 1;
        while (lo < hi && h.value(lo) < lowFence) lo++;
        while (hi > lo && h.value(hi) > highFence) hi--;
        for (boolean again = true; again; ) {
            again = false;
            if (hi - lo >= 3 && isolated(h, hi, hi - 1, lo, hi - 1, n)) {
                hi--;
                again = true;
            }
            if (hi - lo >= 3 && isolated(h, lo, lo + 1, lo + 1, hi, n)) {
                lo++;
                again = true;
            }
        }
        if (lo == 0 && hi == h.size() - 1) return null;
        long kept = 0;
        for (int k = lo; k <= hi; k++) kept += h.count(k);
        return new RatingBounds(h.value(lo), h.value(hi), "a rating like the rest of the file (" + kept + " of its " + n
                + " ratings lie within " + range(h.value(lo), h.value(hi)) + ")", advice);
    }

    /**
     * Whether distinct value {@code k} (an extreme) stands apart from its neighbour {@code next}
     * given the others, distinct values {@code [from, to]}.
     */
    private static boolean isolated(Histogram h, int k, int next, int from, int to, int n) {
        long c = h.count(k);
        if (n < MIN_RATINGS || (c > 1 && c * 1000 > n)) return false;
        double gap = Math.abs((double) h.value(k) - h.value(next));
        double[] steps = new double[to - from];
        for (int j = from; j < to; j++) steps[j - from] = (double) h.value(j + 1) - h.value(j);
        Arrays.sort(steps);
        double step = steps[steps.length / 2];
        double range = (double) h.value(to) - h.value(from);
        return gap >= 2 * step && gap >= 0.25 * range;
    }

    /** The values' min..max; 0..max when all are equal and positive, min..min+1 otherwise. */
    static RatingScale fromRange(Values v) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (int j = 0, n = v.size(); j < n; j++) {
            float x = v.get(j);
            if (x < min) min = x;
            if (x > max) max = x;
        }
        if (min < max) return new RatingScale(min, max);
        return min > 0 ? new RatingScale(0, max) : new RatingScale(min, min + 1);
    }

    /**
     * What to tell about a scale inferred from {@code v} that does not look like a rating scale
     * (those run from 0, 0.5 or 1, or from minus their top, to a whole number up to 10, or to 100),
     * or when all ratings are equal; null when it looks like one.
     */
    static String implausible(RatingScale s, Values v) {
        String declare = "; if the data's scale is another, declare it (--rating-scale MIN,MAX): the scale bounds the predictions";
        boolean allEqual = true;
        float first = v.get(0);
        for (int j = 1, n = v.size(); j < n; j++) if (v.get(j) != first) {
            allEqual = false;
            break;
        }
        if (allEqual) return "all " + v.size() + " ratings are " + RatingScale.format(first) + ", so the rating scale " + s + " was assumed" + declare;
        float min = s.min(), max = s.max();
        boolean top = (max == Math.rint(max) && max >= 1 && max <= 10) || max == 100;
        boolean bottom = min == 0 || min == 0.5f || min == 1 || min == -max;
        if (top && bottom) return null;
        return "the rating scale " + s + " was inferred from the lowest and highest rating, and it is not a usual rating scale"
                + " (those run from 0, 0.5 or 1 to a whole number up to 10, or to 100)" + declare;
    }

    private static String range(float a, float b) {
        return a < b ? new RatingScale(a, b).toString() : RatingScale.format(a);
    }

    private static float[] sample(Values v) {
        int n = v.size();
        int stride = Math.max(1, n / SAMPLE);
        float[] s = new float[(n + stride - 1) / stride];
        for (int i = 0, j = 0; j < s.length; i += stride, j++) s[j] = v.get(i);
        Arrays.sort(s);
        return s;
    }

    /** Distinct values in ascending order with their counts; null when there are more than {@link #MAX_DISTINCT}. */
    static final class Histogram {
        private final float[] values;
        private final long[] counts;

        private Histogram(float[] values, long[] counts) {
            this.values = values;
            this.counts = counts;
        }

        static Histogram of(Values v) {
            int cap = 64; // doubled while more than half full: small data stays cheap
            int[] keys = new int[cap];
            long[] counts = new long[cap];
            int distinct = 0;
            int lastKey = 0, lastSlot = -1;
            for (int j = 0, n = v.size(); j < n; j++) {
                float x = v.get(j);
                int key = Float.floatToIntBits(x == 0 ? 0f : x); // -0 and 0 are one value
                if (lastSlot >= 0 && key == lastKey) {
                    counts[lastSlot]++;
                    continue;
                }
                int slot = slot(keys, counts, key);
                if (counts[slot] == 0) {
                    if (++distinct > MAX_DISTINCT) return null;
                    keys[slot] = key;
                    if (distinct * 2 > cap) {
                        counts[slot] = 1;
                        cap *= 2;
                        int[] k2 = new int[cap];
                        long[] c2 = new long[cap];
                        for (int s = 0; s < keys.length; s++) {
                            if (counts[s] == 0) continue;
                            int t = slot(k2, c2, keys[s]);
                            k2[t] = keys[s];
                            c2[t] = counts[s];
                        }
                        keys = k2;
                        counts = c2;
                        lastSlot = -1;
                        continue;
                    }
                }
                counts[slot]++;
                lastKey = key;
                lastSlot = slot;
            }
            float[] values = new float[distinct];
            int j = 0;
            for (int s = 0; s < keys.length; s++) if (counts[s] > 0) values[j++] = Float.intBitsToFloat(keys[s]);
            Arrays.sort(values);
            long[] c = new long[distinct];
            for (int s = 0; s < keys.length; s++) {
                if (counts[s] > 0) c[Arrays.binarySearch(values, Float.intBitsToFloat(keys[s]))] = counts[s];
            }
            return new Histogram(values, c);
        }

        /** The slot of {@code key} in an open-addressing table (a used slot has a count), or the free slot it goes to. */
        private static int slot(int[] keys, long[] counts, int key) {
            int mask = keys.length - 1;
            int slot = (key * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(keys.length));
            while (counts[slot] != 0 && keys[slot] != key) slot = (slot + 1) & mask;
            return slot;
        }

        int size() {
            return values.length;
        }

        float value(int k) {
            return values[k];
        }

        long count(int k) {
            return counts[k];
        }

        /** The value at 0-based rank {@code r} of the sorted data. */
        float atRank(long r) {
            long seen = 0;
            for (int k = 0; k < values.length; k++) {
                seen += counts[k];
                if (r < seen) return values[k];
            }
            return values[values.length - 1];
        }
    }
}
