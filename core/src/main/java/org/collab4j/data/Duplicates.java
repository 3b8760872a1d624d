package org.collab4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Finds repeated (user, item) pairs and keeps only the last occurrence of each, in file order.
 *
 * <p>Rows are grouped by user with a counting sort (rows stay in file order within a user), then
 * each user's rows are scanned with a per-item stamp: O(rows + users + items), no hashing of
 * pairs. Threads take disjoint user ranges, so the result does not depend on the thread count.
 */
final class Duplicates {
    private Duplicates() {
    }

    static void removeLastWins(RatingsParser.Result r, ExecutorService pool, int threads) {
        int n = r.size();
        if (n < 2) return;
        int nu = r.users.size(), ni = r.items.size();
        int[] user = r.user, item = r.item;
        int[] start = new int[nu + 1];
        for (int k = 0; k < n; k++) start[user[k] + 1]++;
        for (int u = 0; u < nu; u++) start[u + 1] += start[u];

        int parts = pool == null ? 1 : Math.max(1, Math.min(threads, nu));
        int[] bound = new int[parts + 1];
        for (int t = 1, u = 0; t < parts; t++) {
            long target = (long) n * t / parts;
            while (u < nu && start[u] < target) u++;
            bound[t] = u;
        }
        bound[parts] = nu;

        int[] order = new int[n];
        boolean[] dropped = new boolean[n];
        long[] dups = new long[parts];
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int t = 0; t < parts; t++) {
            final int ua = bound[t], ub = bound[t + 1], tt = t;
            if (ua >= ub) continue;
            jobs.add(() -> {
                int[] pos = new int[ub - ua];
                System.arraycopy(start, ua, pos, 0, ub - ua);
                if (ua == 0 && ub == nu) {
                    for (int k = 0; k < n; k++) order[pos[user[k]]++] = k;
                } else {
                    for (int k = 0; k < n; k++) {
                        int u = user[k] - ua;
                        if (u >= 0 && u < pos.length) order[pos[u]++] = k;
                    }
                }
                int[] stamp = new int[ni];
                int[] last = new int[ni];
                long found = 0;
                for (int u = ua; u < ub; u++) {
                    int mark = u + 1;
                    for (int j = start[u], e = start[u + 1]; j < e; j++) {
                        int k = order[j];
                        int it = item[k];
                        if (stamp[it] == mark) {
                            dropped[last[it]] = true;
                            found++;
                        }
                        stamp[it] = mark;
                        last[it] = k;
                    }
                }
                dups[tt] = found;
                return null;
            });
        }
        RatingsParser.runAll(pool, jobs);
        long total = 0;
        for (long d : dups) total += d;
        r.duplicates = total;
        if (total == 0) return;

        int m = (int) (n - total);
        int[] nu2 = new int[m], ni2 = new int[m];
        float[] nv = new float[m];
        long[] nt = r.time == null ? null : new long[m];
        int j = 0;
        for (int k = 0; k < n; k++) {
            if (dropped[k]) continue;
            nu2[j] = user[k];
            ni2[j] = item[k];
            nv[j] = r.value[k];
            if (nt != null) nt[j] = r.time[k];
            j++;
        }
        r.user = nu2;
        r.item = ni2;
        r.value = nv;
        r.time = nt;
    }
}
