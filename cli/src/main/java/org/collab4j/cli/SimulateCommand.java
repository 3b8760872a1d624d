package org.collab4j.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.options.CommonOptions;
import org.collab4j.data.Dataset;
import org.collab4j.experiment.FeedbackLoop;
import org.collab4j.recommend.FoldIn;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j simulate}: the feedback loop, round by round, with and without safeguards. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Simulate the feedback loop: hold out a seeded share of each user's ratings as their future; each round "
                + "recommend to every user, let them accept the listed items they really rated, fold them in (or --retrain); "
                + "report hit rate, accepted ratings, coverage, Gini and novelty per round, plain and with --diversity/--explore.")
final class SimulateCommand extends TrainingCommand {
    @Option(names = "--rounds", defaultValue = "10", description = "Rounds of recommend / accept / learn (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = {"-n", "--n"}, defaultValue = "10", description = "List length (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--diversity", defaultValue = "0.3", paramLabel = "LAMBDA",
            description = "MMR weight of the safeguarded run, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double diversity;

    @Option(names = "--explore", defaultValue = "0.2", paramLabel = "EPSILON",
            description = "Share of positions given to less-exposed items in the safeguarded run, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double explore;

    @Option(names = "--retrain", description = "Retrain from scratch each round instead of folding in the users who accepted items.")
    boolean retrain;

    @Option(names = "--future", defaultValue = "0.5", paramLabel = "SHARE",
            description = "Share of each user's ratings held out as their future (default: ${DEFAULT-VALUE}).")
    double future;

    @Option(names = "--reshow", description = "Show users again the items they were shown and did not accept (default: never again).")
    boolean reshow;

    @Option(names = "--rank-by", defaultValue = "rating", paramLabel = "rating|relevance",
            description = "Order of the lists before re-ranking: predicted rating or relevance (default: ${DEFAULT-VALUE}).")
    String rankBy;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rounds > 1000) throw new UserException("--rounds must be between 1 and 1000, got " + rounds);
        if (n < 1 || n > 1000) throw new UserException("-n must be between 1 and 1000, got " + n);
        if (!(diversity >= 0 && diversity <= 1)) throw new UserException("--diversity must be between 0 and 1, got " + diversity);
        if (!(explore >= 0 && explore <= 1)) throw new UserException("--explore must be between 0 and 1, got " + explore);
        if (!(future > 0 && future < 1)) throw new UserException("--future must be between 0 and 1 (exclusive), got " + future);
        FoldIn.Ranking ranking;
        try {
            ranking = FoldIn.Ranking.parse(rankBy);
        } catch (IllegalArgumentException e) {
            throw new UserException("--rank-by must be 'rating' or 'relevance', got '" + rankBy + "'");
        }
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainConfig config = trainOptions.config(console);
        Dataset data = dataOptions.load(config.threads(), false, console);
        FeedbackLoop.Options o = new FeedbackLoop.Options(rounds, n, diversity, explore, retrain, future, config.seed(), reshow, ranking);
        FeedbackLoop.Result res = FeedbackLoop.run(data, trainOptions.trainer(), config, o);
        console.printf("%s: %s trained on %d visible ratings in %.1f s (%d future ratings, %d users); %s; %.1f s in all",
                data.name(), trainOptions.model, res.visible(), res.trainSeconds(), res.future(), res.users(),
                retrain ? "retrained each round" : "fold-in each round", res.seconds());
        console.printf("top-%d lists by %s; safeguarded = --diversity %s --explore %s; data gini (Gini of the items' rating counts): "
                + "%.4f before round 1, %.4f if every future rating were accepted", n, rankBy.trim().toLowerCase(java.util.Locale.ROOT), diversity, explore, res.visibleGini(), res.allGini());
        List<List<String>> rows = new ArrayList<>();
        for (int j = 0; j < res.plain().size(); j++) {
            FeedbackLoop.Round p = res.plain().get(j), s = res.safeguarded().get(j);
            rows.add(List.of(Integer.toString(p.round()),
                    Console.f(p.hitRate(), 3), Integer.toString(p.accepted()), Console.f(p.coverage(), 3), Console.f(p.gini(), 3), Console.f(p.novelty(), 2), Console.f(p.ratingGini(), 4),
                    Console.f(s.hitRate(), 3), Integer.toString(s.accepted()), Console.f(s.coverage(), 3), Console.f(s.gini(), 3), Console.f(s.novelty(), 2), Console.f(s.ratingGini(), 4)));
        }
        console.table(List.of("round", "plain hit", "accepted", "coverage", "gini", "novelty", "data gini",
                "safe hit", "accepted", "coverage", "gini", "novelty", "data gini"), rows);
        if (console.json) {
            ObjectNode obj = console.object();
            obj.put("data", data.name());
            obj.put("model", trainOptions.model);
            obj.put("update", retrain ? "retrain" : "fold-in");
            obj.put("n", n);
            obj.put("future_share", future);
            obj.put("reshow", reshow);
            obj.put("ranked_by", ranking == FoldIn.Ranking.RELEVANCE ? "relevance" : "rating");
            obj.put("seed", config.seed());
            obj.put("users", res.users());
            obj.put("visible_ratings", res.visible());
            obj.put("future_ratings", res.future());
            obj.put("visible_rating_gini", res.visibleGini());
            obj.put("all_rating_gini", res.allGini());
            obj.put("train_seconds", res.trainSeconds());
            obj.put("seconds", res.seconds());
            put(obj.putObject("plain"), res.plain(), 0, 0);
            put(obj.putObject("safeguarded"), res.safeguarded(), diversity, explore);
            console.emit(obj);
        }
        return 0;
    }

    private static void put(ObjectNode run, List<FeedbackLoop.Round> rounds, double diversity, double explore) {
        run.put("diversity", diversity);
        run.put("explore", explore);
        ArrayNode arr = run.putArray("rounds");
        for (FeedbackLoop.Round r : rounds) {
            ObjectNode o = arr.addObject();
            o.put("round", r.round());
            TrainCommand.putNumber(o, "hit_rate", r.hitRate());
            o.put("accepted", r.accepted());
            o.put("coverage", r.coverage());
            o.put("gini", r.gini());
            TrainCommand.putNumber(o, "novelty", r.novelty());
            o.put("rating_gini", r.ratingGini());
        }
    }
}
