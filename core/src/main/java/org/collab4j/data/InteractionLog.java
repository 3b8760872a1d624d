package org.collab4j.data;

/**
 * Turns a loaded log into implicit feedback: one row per (user, item) that was interacted with,
 * whose value is the interaction's weight.
 *
 * <ul>
 * <li>Star ratings become positives with a threshold ({@code --positive T}): a rating of at least
 * {@code T} is one event of weight 1, a lower one is dropped.</li>
 * <li>Otherwise every row is an event weighing its value (a play count, a quantity; 1 when the
 * file has no value column). Weights must not be negative.</li>
 * <li>With a half-life of {@code h} days, an event at time {@code t} weighs
 * {@code w * 2^(-(T - t) / h)}, where {@code T} is the latest time in the log: last month's plays
 * count more than last year's.</li>
 * <li>Repeated events of one (user, item) are <em>summed</em> (not "the last one wins" as for
 * ratings), and counted in {@link LoadReport#duplicatesSummed()}. The summed row takes the place
 * of the pair's first event and the time of its latest. Pairs whose weights sum to zero carry no
 * signal and are dropped.</li>
 * </ul>
 *
 * Load the log with {@link LoadOptions#keepRepeats()} so that every event reaches this step.
 */
public final class InteractionLog {
    private static final double SECONDS_PER_DAY = 86_400;

    private InteractionLog() {
    }

    /**
     * The interactions of {@code data}.
     *
     * @param positive     ratings at least this are positives of weight 1; NaN: every row is an event
     * @param halfLifeDays time decay of event weights, in days; 0 for none
     * @throws IllegalArgumentException when a weight is negative, decay is asked of a log without
     *                                  times, or nothing is left
     */
    public static Dataset aggregate(Dataset data, float positive, double halfLifeDays) {
        Ratings r = data.ratings();
        if (!(halfLifeDays >= 0) || Double.isInfinite(halfLifeDays))
            throw new IllegalArgumentException("--half-life must be a positive number of days, got " + halfLifeDays);
        if (halfLifeDays > 0 && !r.hasTime())
            throw new IllegalArgumentException("--half-life needs the time of each event, and " + data.name()
                    + " has none; name the time column, e.g. --columns user,item,count,time");
        int n = r.size();
        float[] w = new float[n];
        boolean positives = !Float.isNaN(positive);
        for (int j = 0; j < n; j++) {
            float v = r.value(j);
            if (positives) {
                w[j] = v >= positive ? 1f : 0f;
            } else {
                if (!(v >= 0))
                    throw new IllegalArgumentException(data.name() + ": user " + r.userIds().id(r.user(j)) + " has weight " + v
                            + " for item " + r.itemIds().id(r.item(j)) + "; event weights must be zero or more"
                            + " (for star ratings, give --positive T to keep ratings of at least T)");
                w[j] = v;
            }
        }
        if (halfLifeDays > 0) {
            long latest = Long.MIN_VALUE;
            for (int j = 0; j < n; j++) latest = Math.max(latest, r.time(j));
            double perSecond = 1 / (halfLifeDays * SECONDS_PER_DAY);
            for (int j = 0; j < n; j++) if (w[j] != 0) w[j] = (float) (w[j] * Math.pow(2, -(latest - r.time(j)) * perSecond));
        }

        // group rows by user (stable counting sort), then find each pair's first row with a per-item stamp
        int nu = r.numUsers(), ni = r.numItems();
        int[] start = new int[nu + 1];
        for (int j = 0; j < n; j++) start[r.user(j) + 1]++;
        for (int u = 0; u < nu; u++) start[u + 1] += start[u];
        int[] order = new int[n];
        int[] fill = java.util.Arrays.copyOf(start, nu);
        for (int j = 0; j < n; j++) order[fill[r.user(j)]++] = j;
        int[] firstOf = new int[n];
        int[] stamp = new int[ni], first = new int[ni];
        double[] sum = new double[n];
        long[] latest = r.hasTime() ? new long[n] : null;
        long repeats = 0;
        for (int u = 0; u < nu; u++) {
            for (int p = start[u]; p < start[u + 1]; p++) {
                int j = order[p], i = r.item(j);
                if (stamp[i] != u + 1) {
                    stamp[i] = u + 1;
                    first[i] = j;
                    if (latest != null) latest[j] = r.time(j);
                } else {
                    repeats++;
                    if (latest != null) latest[first[i]] = Math.max(latest[first[i]], r.time(j));
                }
                firstOf[j] = first[i];
                sum[first[i]] += w[j];
            }
        }
        int kept = 0;
        for (int j = 0; j < n; j++) if (firstOf[j] == j && sum[j] > 0) kept++;
        if (kept == 0)
            throw new IllegalArgumentException(data.name() + " holds no interactions" + (positives
                    ? ": no rating reaches --positive " + (positive == Math.rint(positive) ? Integer.toString((int) positive) : Float.toString(positive)) : ": every weight is zero"));
        int[] uc = new int[kept], ic = new int[kept];
        float[] vc = new float[kept];
        long[] tc = latest != null ? new long[kept] : null;
        float max = 0;
        for (int j = 0, k = 0; j < n; j++) {
            if (firstOf[j] != j || !(sum[j] > 0)) continue;
            uc[k] = r.user(j);
            ic[k] = r.item(j);
            vc[k] = (float) sum[j];
            max = Math.max(max, vc[k]);
            if (tc != null) tc[k] = latest[j];
            k++;
        }
        Ratings out = new Ratings(uc, ic, vc, tc, r.userIds(), r.itemIds(), new RatingScale(0, Math.max(1, max)));
        return new Dataset(data.name(), out, data.items(), data.users(), data.report().withDuplicatesSummed(repeats));
    }
}
