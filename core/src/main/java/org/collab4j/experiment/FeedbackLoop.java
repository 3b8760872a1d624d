package org.collab4j.experiment;

import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.eval.Exposure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Rerank;
import org.collab4j.kernel.TopK;
import org.collab4j.kernel.Workers;
import org.collab4j.recommend.UserProfile;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.TrainConfig;

/**
 * A seeded simulation of the recommendation feedback loop: what a recommender trained on its
 * own accepted recommendations does to the catalogue, with and without safeguards.
 *
 * <ol>
 * <li><b>Split.</b> Each user's ratings are shuffled (seeded per user) and the last
 * {@code floor(futureShare * n_u)} of them are the user's <i>future</i>: ratings they would give
 * if shown the item. The rest are <i>visible</i>. A model is trained on the visible ratings
 * only.</li>
 * <li><b>Rounds.</b> Each round every user with a future part gets a top-{@code n} list of items
 * they have not rated yet (visible or accepted so far) and have not been shown before. The user
 * <i>accepts</i> the listed items that are in their future part, with the rating they really
 * gave; the others count as passed over and are not shown to that user again (with
 * {@code reshow} they are: then a user whose list brought no hit gets the same list next
 * round, since nothing about them changed). Then the model learns the
 * accepted ratings: by default each user who accepted something is folded in again from their
 * whole history (visible + accepted; {@link FoldIn#users}, item side fixed); with
 * {@code retrain} the model is trained again from scratch on visible + accepted ratings (same
 * configuration and seed).</li>
 * <li><b>Two runs from the same trained model.</b> <i>plain</i>: the top-{@code n} by predicted
 * rating (or by relevance, {@link Options#ranking}). <i>safeguarded</i>: the same scores re-ranked by {@link Rerank#mmr} (weight
 * {@code diversity}) and {@link Rerank#explore} (share {@code explore}; exposure = the items'
 * rating counts so far, visible + accepted; seeded per round and user).</li>
 * <li><b>Per round</b>: hit rate (share of the users with a future part who accepted at least
 * one item), accepted ratings, and the {@link Exposure} of that round's lists: catalogue coverage,
 * Gini index of exposure and novelty (self-information against the visible ratings' item counts,
 * the same reference in every round so rounds are comparable).</li>
 * </ol>
 *
 * <p>Lists are computed in parallel, each from its own seed, so the fold-in simulation is the
 * same for a seed whatever the number of threads (training once per run is bit-for-bit
 * reproducible with one thread). The future part is not a sample of what the user would accept
 * from any list: items outside it count as rejected, so hit rates are lower bounds and favour
 * items users already tend to rate (popular ones), as in every offline replay of this kind.
 */
public final class FeedbackLoop {
    /**
     * @param rounds      rounds of recommend / accept / learn (at least 1)
     * @param n           list length
     * @param diversity   MMR weight of the safeguarded run, in [0, 1]
     * @param explore     exploration share of the safeguarded run, in [0, 1]
     * @param retrain     retrain from scratch each round instead of folding users in
     * @param futureShare share of each user's ratings held out as their future, in (0, 1)
     * @param seed        seed of the split and of exploration
     * @param reshow      show a user again items they were shown and did not accept (default: never again)
     * @param ranking     what orders the lists before any re-ranking: predicted rating or relevance
     *                    ({@link FoldIn#relevanceScores}, with the current model's rating counts)
     */
    public record Options(int rounds, int n, double diversity, double explore, boolean retrain, double futureShare, long seed,
                          boolean reshow, FoldIn.Ranking ranking) {
        public Options {
            if (ranking == null) throw new IllegalArgumentException("a ranking (rating or relevance) is required");
            if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
            if (n < 1) throw new IllegalArgumentException("-n must be at least 1, got " + n);
            if (!(diversity >= 0 && diversity <= 1)) throw new IllegalArgumentException("--diversity must be between 0 and 1, got " + diversity);
            if (!(explore >= 0 && explore <= 1)) throw new IllegalArgumentException("--explore must be between 0 and 1, got " + explore);
            if (!(futureShare > 0 && futureShare < 1))
                throw new IllegalArgumentException("--future must be between 0 and 1 (exclusive), got " + futureShare);
        }
    }

    /**
     * One round of one run; {@code ratingGini} is the Gini index of the items' rating counts after
     * the round (visible + accepted so far): whether the data the model learns from concentrates.
     */
    public record Round(int round, double hitRate, int accepted, double coverage, double gini, double novelty, double ratingGini) {
    }

    /**
     * @param plain        rounds without safeguards
     * @param safeguarded  rounds with MMR diversity and exploration
     * @param users        users with a future part (the denominator of the hit rate)
     * @param visible      visible (training) ratings at the start
     * @param future       held-out future ratings
     * @param trainSeconds the first training
     * @param seconds      the whole simulation, training included
     * @param visibleGini  Gini index of the items' rating counts before the first round (visible ratings)
     * @param allGini      the same if every future rating were accepted (the whole data set): the
     *                     reference for {@link Round#ratingGini} — above it, the loop concentrates
     *                     the data more than the users' own choices did
     */
    public record Result(List<Round> plain, List<Round> safeguarded, int users, int visible, int future, double trainSeconds,
                         double seconds, double visibleGini, double allGini) {
    }

    private FeedbackLoop() {
    }

    /** The split of the class comment: each user's last {@code floor(futureShare * n_u)} shuffled ratings are future rows. */
    public static Split split(Ratings r, double futureShare, long seed) {
        int nu = r.numUsers();
        int[][] rows = rowsByUser(r);
        boolean[] future = new boolean[r.size()];
        int nf = 0;
        for (int u = 0; u < nu; u++) {
            int[] part = rows[u].clone();
            new Rng(seed ^ (0x9E3779B97F4A7C15L * (u + 1))).shuffle(part);
            int f = (int) Math.floor(futureShare * part.length);
            for (int j = part.length - f; j < part.length; j++) {
                future[part[j]] = true;
                nf++;
            }
        }
        return Splits.fromMask(String.format(Locale.ROOT, "per-user future %s (seed %d)", futureShare, seed), future, nf);
    }

    public static Result run(Dataset data, ModelTrainer trainer, TrainConfig config, Options o) {
        long t0 = System.nanoTime();
        Ratings r = data.ratings();
        Split split = split(r, o.futureShare(), o.seed());
        FactorModel trained = train(data, trainer, config, split);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        TrainedModel model = TrainedModel.of(trained, r, split.train(), data.items(), data.users(), config.describe());
        State first = new State(data, trainer, config, o, split, model, false);
        int users = first.users;
        List<Round> plain = first.run();
        List<Round> safe = new State(data, trainer, config, o, split, model, true).run();
        return new Result(plain, safe, users, split.train().length, split.valid().length, trainSeconds, (System.nanoTime() - t0) / 1e9,
                Exposure.gini(model.itemCounts()), Exposure.gini(r.itemCounts(r.allRows())));
    }

    private static FactorModel train(Dataset data, ModelTrainer trainer, TrainConfig config, Split split) {
        if (!(trainer.train(data, split, config, List.of()).model() instanceof FactorModel fm))
            throw new UnsupportedOperationException("simulate needs a latent-factor model (dot-bias, ...), not '" + trainer.name() + "'");
        return fm;
    }

    static int[][] rowsByUser(Ratings r) {
        int nu = r.numUsers();
        int[] count = new int[nu];
        for (int row = 0; row < r.size(); row++) count[r.user(row)]++;
        int[][] out = new int[nu][];
        for (int u = 0; u < nu; u++) out[u] = new int[count[u]];
        Arrays.fill(count, 0);
        for (int row = 0; row < r.size(); row++) out[r.user(row)][count[r.user(row)]++] = row;
        return out;
    }

    private static boolean[] mask(int size, int[] rows) {
        boolean[] m = new boolean[size];
        for (int row : rows) m[row] = true;
        return m;
    }

    /** One run of the loop. */
    private static final class State {
        final Dataset data;
        final Ratings r;
        final ModelTrainer trainer;
        final TrainConfig config;
        final Options o;
        final boolean safeguarded;
        final int nu, ni;
        FoldIn foldIn;               // of the current model
        final int[] referenceCounts;
        final int referenceUsers;
        final boolean[] future;      // row -> a future (not yet accepted) row
        final boolean[] seen;        // u * ni + i -> rated (visible or accepted)
        final int[] futureRow;       // u * ni + i -> the not yet accepted future row, -1 when none
        final int[] counts;          // ratings per item so far
        final int[][] history;       // per user: rows rated so far (visible + accepted)
        final int[] historySize;
        final boolean[] hasFuture;
        final int users;
        FactorModel current;

        State(Dataset data, ModelTrainer trainer, TrainConfig config, Options o, Split split, TrainedModel model, boolean safeguarded) {
            this.data = data;
            this.r = data.ratings();
            this.trainer = trainer;
            this.config = config;
            this.o = o;
            this.safeguarded = safeguarded;
            this.nu = r.numUsers();
            this.ni = r.numItems();
            this.foldIn = new FoldIn(model);
            this.referenceCounts = model.itemCounts().clone();
            int trainedUsers = 0;
            for (int u = 0; u < nu; u++) if (model.userCount(u) > 0) trainedUsers++;
            this.referenceUsers = trainedUsers;
            this.future = mask(r.size(), split.valid());
            this.seen = new boolean[nu * ni];
            this.futureRow = new int[nu * ni];
            Arrays.fill(futureRow, -1);
            this.counts = model.itemCounts().clone();
            this.hasFuture = new boolean[nu];
            int[][] byUser = rowsByUser(r);
            this.history = new int[nu][];
            this.historySize = new int[nu];
            for (int u = 0; u < nu; u++) {
                history[u] = new int[byUser[u].length];
                // a repeated (user, item) counts once: its first visible row, else its first future row
                for (int row : byUser[u]) {
                    int cell = u * ni + r.item(row);
                    if (future[row] || seen[cell]) continue;
                    seen[cell] = true;
                    history[u][historySize[u]++] = row;
                }
                for (int row : byUser[u]) {
                    int cell = u * ni + r.item(row);
                    if (!future[row] || seen[cell] || futureRow[cell] >= 0) continue;
                    futureRow[cell] = row;
                    hasFuture[u] = true;
                }
            }
            int withFuture = 0;
            for (int u = 0; u < nu; u++) if (hasFuture[u]) withFuture++;
            this.users = withFuture;
            this.current = ((FactorModel) model.model()).copy();
        }

        List<Round> run() {
            List<Round> rounds = new ArrayList<>();
            for (int round = 1; round <= o.rounds(); round++) {
                int[][] lists = recommend(round);
                Exposure exposure = new Exposure(referenceCounts, referenceUsers);
                boolean[] changed = new boolean[nu];
                int hits = 0, accepted = 0;
                for (int u = 0; u < nu; u++) {
                    if (lists[u] == null) continue;
                    exposure.add(lists[u]);
                    int got = 0;
                    for (int i : lists[u]) {
                        int row = futureRow[u * ni + i];
                        if (!o.reshow()) seen[u * ni + i] = true; // shown and passed over: not shown again
                        if (row < 0) continue;
                        accept(u, i, row);
                        got++;
                    }
                    if (got > 0) {
                        hits++;
                        accepted += got;
                        changed[u] = true;
                    }
                }
                rounds.add(new Round(round, users == 0 ? Double.NaN : (double) hits / users, accepted, exposure.coverage(),
                        exposure.gini(), exposure.novelty(), Exposure.gini(counts)));
                if (round < o.rounds() && accepted > 0) learn(changed);
            }
            return rounds;
        }

        /** Every user's list for this round (null for users without a future part). */
        int[][] recommend(int round) {
            int[][] lists = new int[nu][];
            FactorModel fm = current;
            FoldIn scorer = foldIn;
            int k = fm.factors();
            try (Workers workers = new Workers(config.threads())) {
                workers.forEach(nu, 16, (w, from, to) -> {
                    for (int u = from; u < to; u++) if (hasFuture[u]) lists[u] = list(u, round, fm, scorer, k);
                });
            }
            return lists;
        }

        /** User {@code u}'s list in this round. */
        private int[] list(int u, int round, FactorModel fm, FoldIn scorer, int k) {
            float[] scores = new float[ni];
            if (o.ranking() == FoldIn.Ranking.RELEVANCE) {
                UserProfile p = new UserProfile(Arrays.copyOfRange(fm.userFactors(), u * k, u * k + k), fm.userBias()[u]);
                scorer.relevanceScores(p, scorer.relevantRating(), scores);
            } else {
                fm.scoreItems(u, scores);
            }
            for (int i = 0; i < ni; i++) if (seen[u * ni + i]) scores[i] = Float.NaN;
            if (!safeguarded) return top(scores, o.n());
            int[] list = o.diversity() > 0 ? Rerank.mmr(scores, fm, o.n(), o.diversity()) : top(scores, o.n());
            Rng rng = new Rng(o.seed() * 0x2545F4914F6CDD1DL + round * 1_000_003L + u);
            return Rerank.explore(list, scores, counts, o.explore(), rng);
        }

        void accept(int u, int item, int row) {
            int cell = u * ni + item;
            seen[cell] = true;
            futureRow[cell] = -1;
            future[row] = false;
            counts[item]++;
            history[u][historySize[u]++] = row;
        }

        void learn(boolean[] changed) {
            if (o.retrain()) {
                // accepted rows are no longer future rows: they train
                int nv = 0;
                for (boolean b : future) if (b) nv++;
                Split s = Splits.fromMask("feedback loop", future.clone(), nv);
                current = train(data, trainer, config, s);
                foldIn = new FoldIn(TrainedModel.of(current, r, s.train(), data.items(), data.users(), config.describe()));
                return;
            }
            int[] who = IntStream.range(0, nu).filter(u -> changed[u]).toArray();
            int[][] items = new int[who.length][];
            float[][] values = new float[who.length][];
            for (int w = 0; w < who.length; w++) {
                int u = who[w], n = historySize[u];
                items[w] = new int[n];
                values[w] = new float[n];
                for (int j = 0; j < n; j++) {
                    items[w][j] = r.item(history[u][j]);
                    values[w][j] = r.value(history[u][j]);
                }
            }
            UserProfile[] profiles = foldIn.users(items, values);
            int k = current.factors();
            for (int w = 0; w < who.length; w++) {
                System.arraycopy(profiles[w].factors(), 0, current.userFactors(), who[w] * k, k);
                current.userBias()[who[w]] = profiles[w].bias();
            }
        }

        static int[] top(float[] scores, int n) {
            TopK heap = new TopK(n);
            for (int i = 0; i < scores.length; i++) heap.offer(i, scores[i]);
            int[] ids = new int[heap.size()];
            heap.drainSorted(ids, new float[ids.length]);
            return ids;
        }
    }
}
