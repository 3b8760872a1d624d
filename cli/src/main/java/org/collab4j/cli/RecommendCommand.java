package org.collab4j.cli;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.collab4j.options.CommonOptions;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.AllUsersTopN;
import org.collab4j.recommend.Demographics;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.NewUserFeatures;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.collab4j.recommend.ann.ApproximateTopN;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code collab4j recommend}: the top-N items a user has not rated; the decisions are {@link Recommendations}'. */
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
    @Option(names = "--items", paramLabel = "ITEM[=WEIGHT],...", description = "For a model of implicit feedback: a new user's events "
            + "(clicks, plays, purchases), each weighing 1 or WEIGHT; repeated items add up, and the items are left out of the list "
            + "(instead of --user; as the server's POST /v1/users/{id}/events).")
    String items;
    @Option(names = "--genres", paramLabel = "G1,G2", description = "A new user's liked genres: films of those genres, ranked by "
            + "what the genres' fans rate well (instead of --user).")
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
    @Option(names = "--exact", description = "Score every item even when an approximate index (collab4j index) is beside the model.")
    boolean exact;
    @Option(names = {"-n", "--n"}, defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
    int n;
    @Option(names = "--rank-by", paramLabel = "rating|relevance",
            description = "Order of the list: the predicted rating, or the chance of a high rating (relevance: log P(rated) + "
                    + "log P(rating >= 4 | rated)). Default: relevance for a new user (--ratings, --ratings-file, --genres), "
                    + "where it ranks far better (docs/cold-start.md); rating for --user, and for a new user described by "
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
        Demographics demographics = new Demographics(gender, age, occupation, zip);
        boolean byFeatures = demographics.any() && genres == null;
        int given = (user != null ? 1 : 0) + (ratings != null ? 1 : 0) + (ratingsFile != null ? 1 : 0) + (genres != null ? 1 : 0)
                + (items != null ? 1 : 0) + (allUsers ? 1 : 0) + (byFeatures ? 1 : 0);
        if (given != 1)
            throw new UserException("give exactly one of --user, --ratings, --ratings-file, --items, --genres or --all-users; or, for a model "
                    + "with user features, a new user's demographics alone (--gender, --age, --occupation, --zip)");
        if (!allUsers && out != null) throw new UserException("--out goes with --all-users");
        if (!(diversity >= 0 && diversity <= 1)) throw new UserException("--diversity must be between 0 and 1, got " + diversity);
        if (!(explore >= 0 && explore <= 1)) throw new UserException("--explore must be between 0 and 1, got " + explore);
        FoldIn.Ranking ranking;
        try {
            ranking = rankBy == null ? null : FoldIn.Ranking.parse(rankBy);
        } catch (IllegalArgumentException e) {
            throw new UserException("--rank-by must be 'rating' or 'relevance', got '" + rankBy + "'");
        }
        TrainedModel model = modelOptions.load();
        ApproximateTopN index = user != null || allUsers ? AnnIndex.forServing(modelOptions.model, model, exact, console) : null;
        if (allUsers) return allUsers(console, model, nThreads, index);
        if (genres != null && !(model.model() instanceof FactorModel))
            throw new UserException("--genres starts a new user from latent factors, and model '" + model.kind() + "' has none"
                    + (NewUserFeatures.model(model) != null ? "; it takes the user features "
                    + NewUserFeatures.userFeatureNames(NewUserFeatures.model(model))
                    + ": describe the user with those of --gender, --age, --occupation, --zip instead, without --genres"
                    : "; give the user's ratings (--ratings) instead"));
        Requester who;
        if (user != null) who = Requester.known(user);
        else if (genres != null) who = Requester.genres(Arrays.asList(genres.split(",")), demographics);
        else if (byFeatures) who = Requester.described(demographics);
        else if (items != null) who = NewUserEvents.parse(items);
        else {
            NewUserRatings parsed = ratings != null ? NewUserRatings.parse(ratings, "--ratings") : NewUserRatings.read(ratingsFile);
            who = Requester.rated(parsed.items(), parsed.values());
        }
        Recommendations.Answer answer = new Recommendations(model).useIndex(index).recommend(who, n, ranking,
                new Recommendations.Options(diversity, explore, seed, List.of()));
        RecommendationOutput.print(console, model, answer);
        return 0;
    }

    private int allUsers(Console console, TrainedModel model, int nThreads, ApproximateTopN index) throws java.io.IOException {
        long t0 = System.nanoTime();
        AllUsersTopN.Result r = AllUsersTopN.compute(model, n, nThreads, index);
        double scoreSeconds = (System.nanoTime() - t0) / 1e9;
        AllUsersTopN.write(model, r, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = 0;
        for (int u = 0; u < r.numUsers(); u++) rows += r.count(u);
        String search = index != null ? "approximate" : "exact";
        if (console.json) console.emit(new AllUsersJson(r.numUsers(), n, rows, out.toString(), scoreSeconds, seconds, search));
        else console.printf("top %d for %d users (%d rows, %s search) written to %s in %.2f s", n, r.numUsers(), rows, search, out, seconds);
        return 0;
    }

    record AllUsersJson(int users, int n, long rows, String out, @com.fasterxml.jackson.annotation.JsonProperty("score_seconds") double scoreSeconds,
                        double seconds, String search) {
    }
}
