package org.collab4j.recommend;

import org.collab4j.kernel.Simd;
import org.collab4j.kernel.TopK;
import org.collab4j.kernel.Workers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.collab4j.io.AtomicFiles;
import org.collab4j.model.FactorModel;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.ann.ApproximateTopN;

/**
 * Top-N unseen items for every user of a model at once, the batch counterpart of
 * {@link Recommender#recommend(int, int)}: same candidates (every item the user did not rate in
 * training), same order (score, then lower item index), same scores.
 *
 * <p>For a {@link FactorModel} the user x item score matrix is computed in blocks and never
 * stored: the item factors are transposed once into tiles of {@value #TILE} items
 * ({@code k x TILE}, column-major, 128 KB at 32 factors, so a tile stays in L2), and each thread
 * takes {@value #USER_BLOCK} users at a time and, tile by tile, computes each user's scores as
 * {@code k} vectorised {@code axpy} passes over the tile, masks the user's seen items, and offers
 * only scores above the user's current threshold to a bounded heap ({@link TopK}). Ranking uses
 * {@code b_i + p_u . q_i}; the global offset, the user bias and the y_range squashing are the same
 * for every item of a user and monotone, so they are applied to the N winners only. Other models
 * score one user at a time with {@link RatingModel#scoreItems}.
 */
public final class AllUsersTopN {
    static final int TILE = 1024;
    static final int USER_BLOCK = 64;

    /**
     * Top {@code n} of every user: user {@code u}'s items are {@code items[u*n .. u*n+count(u))},
     * best first, with their predicted ratings in {@code scores}. Fewer than {@code n} when the
     * user has rated nearly everything.
     */
    public record Result(int n, int[] items, float[] scores, int[] counts) {
        public int numUsers() {
            return counts.length;
        }

        public int count(int user) {
            return counts[user];
        }

        public int item(int user, int rank) {
            return items[user * n + rank];
        }

        public float score(int user, int rank) {
            return scores[user * n + rank];
        }
    }

    private AllUsersTopN() {
    }

    /** Top {@code n} unseen items for every user, on {@code threads} threads, scoring every item. */
    public static Result compute(TrainedModel model, int n, int threads) {
        return compute(model, n, threads, null);
    }

    /**
     * Top {@code n} unseen items for every user, on {@code threads} threads: through {@code index}
     * when it is given (candidates from the graph, rescored exactly), else scoring every item.
     */
    public static Result compute(TrainedModel model, int n, int threads, ApproximateTopN index) {
        if (index != null && index.model() != model) throw new IllegalArgumentException("the index was built for another model");
        if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        int nu = model.numUsers();
        if ((long) nu * n > Integer.MAX_VALUE) throw new IllegalArgumentException("too many users x n for one result: " + nu + " x " + n);
        Result out = new Result(n, new int[nu * n], new float[nu * n], new int[nu]);
        RatingModel m = model.model();
        float[] tiles = m instanceof FactorModel fm ? transpose(fm) : null;
        Scratch[] scratch = new Scratch[threads];
        if (index != null) {
            try (Workers workers = new Workers(threads)) {
                workers.forEach(nu, USER_BLOCK, (w, from, to) -> {
                    int[] ids = new int[n];
                    float[] best = new float[n];
                    for (int u = from; u < to; u++) {
                        int c = index.topN(u, n, ids, best);
                        System.arraycopy(ids, 0, out.items, u * n, c);
                        System.arraycopy(best, 0, out.scores, u * n, c);
                        out.counts[u] = c;
                    }
                });
            }
            return out;
        }
        try (Workers workers = new Workers(threads)) {
            workers.forEach(nu, USER_BLOCK, (w, from, to) -> {
                if (scratch[w] == null) scratch[w] = new Scratch(model, n);
                if (tiles != null) factorBlock((FactorModel) m, tiles, model, from, to, scratch[w], out);
                else modelBlock(m, model, from, to, scratch[w], out);
            });
        }
        return out;
    }

    private static final class Scratch {
        final TopK[] heaps = new TopK[USER_BLOCK];
        final int[] seenAt = new int[USER_BLOCK];
        final float[] scores;
        final int[] ids;
        final float[] best;

        Scratch(TrainedModel model, int n) {
            for (int j = 0; j < USER_BLOCK; j++) heaps[j] = new TopK(n);
            scores = new float[Math.max(TILE, model.model() instanceof FactorModel ? 0 : model.numItems())];
            ids = new int[n];
            best = new float[n];
        }
    }

    /** Item factors as tiles of TILE items, each k x TILE column-major (zero-padded). */
    static float[] transpose(FactorModel fm) {
        int k = fm.factors(), ni = fm.numItems();
        int tiles = (ni + TILE - 1) / TILE;
        float[] q = fm.itemFactors();
        float[] t = new float[tiles * k * TILE];
        for (int i = 0; i < ni; i++) {
            int base = (i / TILE) * k * TILE + (i % TILE);
            for (int f = 0; f < k; f++) t[base + f * TILE] = q[i * k + f];
        }
        return t;
    }

    private static void factorBlock(FactorModel fm, float[] tiles, TrainedModel model, int from, int to, Scratch s, Result out) {
        int k = fm.factors(), ni = fm.numItems();
        float[] p = fm.userFactors(), bi = fm.itemBias(), sc = s.scores;
        int[] seenStart = model.seenStart(), seen = model.seenItems();
        for (int u = from; u < to; u++) {
            s.heaps[u - from].clear();
            s.seenAt[u - from] = seenStart[u];
        }
        for (int i0 = 0; i0 < ni; i0 += TILE) {
            int len = Math.min(TILE, ni - i0);
            int tileBase = (i0 / TILE) * k * TILE;
            for (int u = from; u < to; u++) {
                System.arraycopy(bi, i0, sc, 0, len);
                int pu = u * k;
                for (int f = 0; f < k; f++) Simd.axpy(p[pu + f], tiles, tileBase + f * TILE, sc, 0, len);
                int at = s.seenAt[u - from], end = seenStart[u + 1];
                while (at < end && seen[at] < i0 + len) sc[seen[at++] - i0] = Float.NaN;
                s.seenAt[u - from] = at;
                TopK heap = s.heaps[u - from];
                float thr = heap.threshold();
                for (int j = 0; j < len; j++) {
                    if (sc[j] > thr) {
                        heap.offer(i0 + j, sc[j]);
                        thr = heap.threshold();
                    }
                }
            }
        }
        for (int u = from; u < to; u++) {
            int c = s.heaps[u - from].drainSorted(s.ids, s.best);
            out.counts()[u] = c;
            for (int r = 0; r < c; r++) {
                out.items()[u * out.n() + r] = s.ids[r];
                out.scores()[u * out.n() + r] = fm.predict(u, s.ids[r]);
            }
        }
    }

    private static void modelBlock(RatingModel m, TrainedModel model, int from, int to, Scratch s, Result out) {
        int[] seenStart = model.seenStart(), seen = model.seenItems();
        TopK heap = s.heaps[0];
        for (int u = from; u < to; u++) {
            m.scoreItems(u, s.scores);
            for (int j = seenStart[u]; j < seenStart[u + 1]; j++) s.scores[seen[j]] = Float.NaN;
            heap.clear();
            for (int i = 0; i < m.numItems(); i++) heap.offer(i, s.scores[i]);
            int c = heap.drainSorted(s.ids, s.best);
            out.counts()[u] = c;
            System.arraycopy(s.ids, 0, out.items(), u * out.n(), c);
            System.arraycopy(s.best, 0, out.scores(), u * out.n(), c);
        }
    }

    /**
     * Writes {@code user, rank, item, score} rows (external ids, rank from 1) with a header line:
     * comma-separated when {@code out} ends in {@code .csv}, tab-separated otherwise. Written to a
     * temporary file beside {@code out} and renamed into place, so {@code out} is either the old
     * file or the complete new one.
     */
    public static void write(TrainedModel model, Result r, Path out) throws IOException {
        char sep = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? ',' : '\t';
        AtomicFiles.write(out, os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            w.write("user" + sep + "rank" + sep + "item" + sep + "score\n");
            StringBuilder sb = new StringBuilder(64);
            for (int u = 0; u < r.numUsers(); u++) {
                String uid = field(model.userIds().id(u), sep);
                for (int j = 0; j < r.count(u); j++) {
                    sb.setLength(0);
                    sb.append(uid).append(sep).append(j + 1).append(sep).append(field(model.itemIds().id(r.item(u, j)), sep))
                            .append(sep).append(r.score(u, j)).append('\n');
                    w.append(sb);
                }
            }
            w.flush();
        });
    }

    /** Quotes a CSV field that holds the separator, a quote or a line break. */
    private static String field(String s, char sep) {
        if (sep != ',' || (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0)) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
