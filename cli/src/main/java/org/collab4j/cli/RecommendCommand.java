package org.collab4j.cli;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Onboarding;
import org.collab4j.recommend.UserProfile;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code collab4j recommend}: the top-N items a user has not rated. */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Recommend the top-N items a user has not rated yet; or, without retraining, for a new user "
                + "from their ratings (--ratings, --ratings-file) or liked genres (--genres).")
final class RecommendCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--user", paramLabel = "ID", description = "The user's id as in the data set.")
    String user;

    @Option(names = "--ratings", paramLabel = "ITEM=RATING,...", description = "A new user's ratings, folded in without retraining (instead of --user).")
    String ratings;

    @Option(names = "--ratings-file", paramLabel = "FILE", description = "A new user's ratings, one 'item,rating' (or item<TAB>rating) a line.")
    java.nio.file.Path ratingsFile;

    @Option(names = "--genres", paramLabel = "G1,G2", description = "A new user's liked genres: start from users who like them (instead of --user).")
    String genres;

    @Option(names = "--gender", description = "With --genres: the new user's gender as in the data set (e.g. M, F).")
    String gender;

    @Option(names = "--age", defaultValue = "0", description = "With --genres: the new user's age (users within 5 years match).")
    int age;

    @Option(names = "--occupation", description = "With --genres: the new user's occupation as in the data set.")
    String occupation;

    @Option(names = "--diversity", defaultValue = "0", paramLabel = "LAMBDA", description = "Re-rank by maximal marginal relevance over item factors, 0 (plain ranking) to 1 (default: ${DEFAULT-VALUE}).")
    double diversity;

    @Option(names = "--explore", defaultValue = "0", paramLabel = "EPSILON", description = "Share of positions given to less-exposed items, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double explore;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of --explore (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--all-users", description = "Top-N for every user of the model, written to --out (TSV, or CSV when FILE ends in .csv: user, rank, item, score).")
    boolean allUsers;

    @Option(names = "--out", paramLabel = "FILE", description = "With --all-users: the file to write (atomically).")
    java.nio.file.Path out;

    @Option(names = "--threads", description = "With --all-users: worker threads (default: all cores).")
    Integer threads;

    @Option(names = {"-n", "--n"}, defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--rank-by", paramLabel = "rating|relevance",
            description = "Order of the list: the predicted rating, or the chance of a high rating (relevance: log P(rated) + "
                    + "log P(rating >= 4 | rated)). Default: relevance for a new user (--ratings, --ratings-file, --genres), "
                    + "where it ranks far better (docs/benchmarks-issue6.md); rating for --user.")
    String rankBy;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > 10_000) throw new UserException("-n must be between 1 and 10000, got " + n);
        if (allUsers && out == null) throw new UserException("--all-users writes a file: give --out FILE (.tsv or .csv)");
        if (allUsers && java.nio.file.Files.isDirectory(out)) throw new UserException("--out " + out + " is a folder; give a file name");
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (nThreads < 1) throw new UserException("--threads must be at least 1, got " + nThreads);
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        int given = (user != null ? 1 : 0) + (ratings != null ? 1 : 0) + (ratingsFile != null ? 1 : 0) + (genres != null ? 1 : 0)
                + (allUsers ? 1 : 0);
        if (given != 1) throw new UserException("give exactly one of --user, --ratings, --ratings-file, --genres or --all-users");
        if (!allUsers && out != null) throw new UserException("--out goes with --all-users");
        if (!(diversity >= 0 && diversity <= 1)) throw new UserException("--diversity must be between 0 and 1, got " + diversity);
        if (!(explore >= 0 && explore <= 1)) throw new UserException("--explore must be between 0 and 1, got " + explore);
        FoldIn.Ranking ranking;
        try {
            ranking = rankBy == null ? (user != null ? FoldIn.Ranking.RATING : FoldIn.Ranking.RELEVANCE) : FoldIn.Ranking.parse(rankBy);
        } catch (IllegalArgumentException e) {
            throw new UserException("--rank-by must be 'rating' or 'relevance', got '" + rankBy + "'");
        }
        TrainedModel model = modelOptions.load();
        if (allUsers) return allUsers(console, model, nThreads);
        Recommender rec = new Recommender(model);
        if (user != null && ranking == FoldIn.Ranking.RATING) {
            int u = rec.userIndex(user);
            print(console, user, rec.recommend(u, n, diversity, explore, seed), ranking, null);
            return 0;
        }
        FoldIn foldIn = new FoldIn(model);
        UserProfile profile;
        int[] exclude = new int[0];
        String who;
        if (user != null) {
            int u = rec.userIndex(user);
            FactorModel fm = foldIn.factorModel();
            int k = fm.factors();
            profile = new UserProfile(java.util.Arrays.copyOfRange(fm.userFactors(), u * k, u * k + k), fm.userBias()[u]);
            exclude = java.util.Arrays.copyOfRange(model.seenItems(), model.seenStart()[u], model.seenStart()[u + 1]);
            who = user;
        } else if (genres != null) {
            Onboarding onboarding = new Onboarding(foldIn);
            profile = onboarding.fromGenres(onboarding.genreIndices(genres.split(",")),
                    new Onboarding.Demographics(gender, age, occupation));
            who = "new user (genres " + genres + ")";
        } else {
            NewUserRatings parsed = ratings != null ? NewUserRatings.parse(ratings, "--ratings") : NewUserRatings.read(ratingsFile);
            exclude = foldIn.itemIndices(parsed.items());
            profile = foldIn.user(exclude, parsed.values());
            who = "new user (" + parsed.items().length + " ratings)";
        }
        float[] scores = new float[model.numItems()];
        foldIn.rankingScores(profile, ranking, scores);
        for (int i : exclude) scores[i] = Float.NaN;
        UserProfile p = profile;
        print(console, who, rec.rerank(scores, n, diversity, explore, model.itemCounts(), seed), ranking,
                s -> foldIn.predict(p, s.index()));
        return 0;
    }

    private int allUsers(Console console, TrainedModel model, int nThreads) throws java.io.IOException {
        long t0 = System.nanoTime();
        org.collab4j.recommend.AllUsersTopN.Result r = org.collab4j.recommend.AllUsersTopN.compute(model, n, nThreads);
        double scoreSeconds = (System.nanoTime() - t0) / 1e9;
        org.collab4j.recommend.AllUsersTopN.write(model, r, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = 0;
        for (int u = 0; u < r.numUsers(); u++) rows += r.count(u);
        if (console.json) {
            ObjectNode o = console.object();
            o.put("users", r.numUsers());
            o.put("n", n);
            o.put("rows", rows);
            o.put("out", out.toString());
            o.put("score_seconds", scoreSeconds);
            o.put("seconds", seconds);
            console.emit(o);
        } else {
            console.printf("top %d for %d users (%d rows) written to %s in %.2f s", n, r.numUsers(), rows, out, seconds);
        }
        return 0;
    }

    /**
     * The list; {@code score} is the ranking score (the predicted rating, or the relevance score,
     * a log-probability); {@code predicted_rating} is added when they differ.
     */
    static void print(Console console, String user, List<ScoredItem> items, FoldIn.Ranking ranking,
                      java.util.function.ToDoubleFunction<ScoredItem> predicted) {
        boolean relevance = ranking == FoldIn.Ranking.RELEVANCE;
        if (console.json) {
            ObjectNode o = console.object();
            o.put("user", user);
            o.put("ranked_by", relevance ? "relevance" : "rating");
            ArrayNode arr = o.putArray("items");
            for (ScoredItem s : items) {
                ObjectNode it = arr.addObject();
                it.put("item", s.item());
                it.put("title", s.title());
                it.put("score", s.score());
                if (relevance) it.put("predicted_rating", (float) predicted.applyAsDouble(s));
            }
            console.emit(o);
            return;
        }
        console.println("top " + items.size() + " for user " + user + (relevance ? " (by relevance; predicted rating shown)" : "") + ":");
        int rank = 1;
        for (ScoredItem s : items)
            console.printf("%3d. %6.3f  %-8s %s", rank++, relevance ? predicted.applyAsDouble(s) : s.score(), s.item(), s.title());
    }
}
