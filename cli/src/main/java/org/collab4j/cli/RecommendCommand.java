package org.collab4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.model.FactorModel;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.NewUserFeatures;
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
                + "from their ratings (--ratings, --ratings-file), liked genres (--genres, factor models), or what they say about "
                + "themselves (--gender, --age, --occupation, --zip: models trained with user features, e.g. nn or dot-bias "
                + "with --features user:age,gender,occupation).")
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

    @Option(names = "--gender", description = "A new user's gender as in the data set (e.g. M, F): with --genres (users who match "
            + "start the profile), or alone, with the other demographics, for a model with user features (scored through them).")
    String gender;

    @Option(names = "--age", defaultValue = "0", description = "A new user's age in years: with --genres (users within 5 years match), "
            + "or as a user feature (standardised as in training).")
    int age;

    @Option(names = "--occupation", description = "A new user's occupation as in the data set: with --genres, or as a user feature.")
    String occupation;

    @Option(names = "--zip", description = "A new user's zip code, for a model with the user feature zip (MovieLens keeps its "
            + "first two characters, a region).")
    String zip;

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
                    + "where it ranks far better (docs/notes/cold-start-and-feedback-loop.md); rating for --user, and for a new user described by "
                    + "demographics alone (relevance needs a factor model).")
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
        if (age < 0 || age > 150) throw new UserException("--age must be a number of years (1 to 150), got " + age);
        boolean demographics = gender != null || age > 0 || occupation != null || zip != null;
        boolean byFeatures = demographics && genres == null;
        int given = (user != null ? 1 : 0) + (ratings != null ? 1 : 0) + (ratingsFile != null ? 1 : 0) + (genres != null ? 1 : 0)
                + (allUsers ? 1 : 0) + (byFeatures ? 1 : 0);
        if (given != 1)
            throw new UserException("give exactly one of --user, --ratings, --ratings-file, --genres or --all-users; or, for a model "
                    + "with user features, a new user's demographics alone (--gender, --age, --occupation, --zip)");
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
        if (byFeatures) return byFeatures(console, model);
        if (genres != null && zip != null) throw new UserException("--zip describes a new user to a model with user features; with --genres it is not used (leave it out)");
        if (genres != null && !(model.model() instanceof FactorModel))
            throw new UserException("--genres starts a new user from latent factors, and model '" + model.kind() + "' has none"
                    + (NewUserFeatures.model(model) != null ? "; it takes the user features " + userFeatures(NewUserFeatures.model(model))
                    + ": describe the user with those of --gender, --age, --occupation, --zip instead, without --genres"
                    : "; give the user's ratings (--ratings) instead"));
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

    /** A brand-new user scored through the model's user features; ranked by predicted rating. */
    private int byFeatures(Console console, TrainedModel model) {
        SideInfoModel sim = NewUserFeatures.model(model);
        if (sim == null)
            throw new UserException("model '" + model.kind() + "' takes no user features, so a new user cannot be scored from "
                    + "--gender/--age/--occupation/--zip alone; train one with e.g. --model nn --features user:age,gender,occupation, "
                    + (model.model() instanceof FactorModel ? "or add --genres G1,G2 (the genres they like)" : "or give their ratings (--ratings)"));
        if (rankBy != null && FoldIn.Ranking.parse(rankBy) == FoldIn.Ranking.RELEVANCE)
            throw new UserException("--rank-by relevance needs a latent-factor model's fold-in; a user described by their features is "
                    + "ranked by predicted rating (leave --rank-by out)");
        Map<String, String> stated = new LinkedHashMap<>();
        stated.put("age", age > 0 ? Integer.toString(age) : null);
        stated.put("gender", gender);
        stated.put("occupation", occupation);
        stated.put("zip", zip);
        NewUserFeatures.Result r = NewUserFeatures.profile(sim, stated);
        for (String f : r.ignored()) warn(console, "--" + f + " is not used: model '" + model.kind() + "' takes the user features "
                + userFeatures(sim));
        for (String note : r.profile().notes()) warn(console, "note: " + note);
        float[] scores = new float[model.numItems()];
        sim.scoreItems(r.profile(), scores);
        Recommender rec = new Recommender(model);
        List<ScoredItem> items = rec.rerank(scores, n, diversity, explore, model.itemCounts(), seed);
        StringBuilder who = new StringBuilder("new user (");
        r.profile().used().forEach((k, v) -> who.append(who.charAt(who.length() - 1) == '(' ? "" : ", ").append(k).append(' ').append(v));
        who.append(')');
        if (!console.json) {
            print(console, who.toString(), items, FoldIn.Ranking.RATING, null);
            return 0;
        }
        ObjectNode o = console.object();
        o.put("user", who.toString());
        o.put("ranked_by", "rating");
        ObjectNode used = o.putObject("features");
        r.profile().used().forEach(used::put);
        ArrayNode notes = o.putArray("notes");
        r.profile().notes().forEach(notes::add);
        ArrayNode ignored = o.putArray("ignored");
        r.ignored().forEach(ignored::add);
        ArrayNode arr = o.putArray("items");
        for (ScoredItem s : items) arr.addObject().put("item", s.item()).put("title", s.title()).put("score", s.score());
        console.emit(o);
        return 0;
    }

    /** A note on stderr, whatever the output format (not under --quiet). */
    private static void warn(Console console, String line) {
        if (console.quiet) return;
        console.err.println(line);
        console.err.flush();
    }

    private static String userFeatures(SideInfoModel m) {
        List<String> names = new java.util.ArrayList<>();
        for (org.collab4j.features.Field f : m.features().fields()) if (f.source() == org.collab4j.features.Field.Source.USER) names.add(f.name());
        return String.join(", ", names);
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
