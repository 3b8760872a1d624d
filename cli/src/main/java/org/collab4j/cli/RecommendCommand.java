package org.collab4j.cli;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code collab4j recommend}: the top-N items a user has not rated. */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Recommend the top-N items a user has not rated yet.")
final class RecommendCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--user", required = true, paramLabel = "ID", description = "The user's id as in the data set.")
    String user;

    @Option(names = {"-n", "--n"}, defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
    int n;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > 10_000) throw new UserException("-n must be between 1 and 10000, got " + n);
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainedModel model = modelOptions.load();
        Recommender rec = new Recommender(model);
        List<ScoredItem> items = rec.recommend(user, n);
        print(console, user, items, "score");
        return 0;
    }

    static void print(Console console, String user, List<ScoredItem> items, String scoreName) {
        if (console.json) {
            ObjectNode o = console.object();
            o.put("user", user);
            ArrayNode arr = o.putArray("items");
            for (ScoredItem s : items) {
                ObjectNode it = arr.addObject();
                it.put("item", s.item());
                it.put("title", s.title());
                it.put("score", s.score());
            }
            console.emit(o);
            return;
        }
        console.println("top " + items.size() + " for user " + user + ":");
        int rank = 1;
        for (ScoredItem s : items) console.printf("%3d. %6.3f  %-8s %s", rank++, s.score(), s.item(), s.title());
    }
}
