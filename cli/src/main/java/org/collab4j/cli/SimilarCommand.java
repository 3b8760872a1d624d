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

/** {@code collab4j similar}: nearest items by the model's item similarity. */
@Command(name = "similar", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Items nearest to an item: cosine similarity of item factors for factor models, "
                + "the neighbour similarities for item-knn, co-rating correlations for baseline.")
final class SimilarCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--item", required = true, paramLabel = "ID|TITLE", description = "An item id, or a title (exact, without the year, or a unique part).")
    String item;

    @Option(names = {"-n", "--n"}, defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--min-ratings", defaultValue = "10", paramLabel = "R",
            description = "Only items with at least R training ratings are candidates: rarely rated items have noisy factors (default: ${DEFAULT-VALUE}; 0: all).")
    int minRatings;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > 10_000) throw new UserException("-n must be between 1 and 10000, got " + n);
        if (minRatings < 0) throw new UserException("--min-ratings must be 0 or more, got " + minRatings);
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainedModel model = modelOptions.load();
        Recommender rec = new Recommender(model);
        int i = rec.resolveItem(item);
        List<ScoredItem> sims = rec.similar(i, n, minRatings);
        if (console.json) {
            ObjectNode o = console.object();
            o.put("item", model.itemIds().id(i));
            o.put("title", model.title(i));
            o.put("measure", rec.similarityMeasure());
            ArrayNode arr = o.putArray("similar");
            for (ScoredItem s : sims) {
                ObjectNode it = arr.addObject();
                it.put("item", s.item());
                it.put("title", s.title());
                it.put("similarity", s.score());
            }
            console.emit(o);
            return 0;
        }
        console.println("most similar to " + model.title(i) + " (" + model.itemIds().id(i) + "), by " + rec.similarityMeasure() + ":");
        int rank = 1;
        for (ScoredItem s : sims) console.printf("%3d. %6.3f  %-8s %s", rank++, s.score(), s.item(), s.title());
        return 0;
    }
}
