package org.collab4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.collab4j.options.CommonOptions;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommendations;
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

    @Option(names = "--min-ratings", defaultValue = "" + Recommendations.SIMILAR_MIN_RATINGS, paramLabel = "R",
            description = "Only items with at least R training ratings are candidates: rarely rated items have noisy factors (default: ${DEFAULT-VALUE}; 0: all).")
    int minRatings;

    @Option(names = "--exact", description = "Score every item even when a similar-items index (collab4j index) is beside the model.")
    boolean exact;

    @Mixin
    CommonOptions common = new CommonOptions();

    /** The --json object. */
    record Json(String item, String title, String measure, String search, List<Similar> similar) {
    }

    record Similar(String item, String title, float similarity) {
    }

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > 10_000) throw new UserException("-n must be between 1 and 10000, got " + n);
        if (minRatings < 0) throw new UserException("--min-ratings must be 0 or more, got " + minRatings);
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainedModel model = modelOptions.load();
        Recommendations recs = new Recommendations(model)
                .useSimilarIndex(AnnIndex.similarForServing(modelOptions.model, model, exact, console));
        String search = recs.similarIndex() != null ? "approximate" : "exact";
        int i = recs.resolveItem(item);
        List<ScoredItem> sims = recs.similar(i, n, minRatings);
        String measure = recs.recommender().similarityMeasure();
        if (console.json) {
            List<Similar> out = new ArrayList<>();
            for (ScoredItem s : sims) out.add(new Similar(s.item(), s.title(), s.score()));
            console.emit(new Json(model.itemIds().id(i), model.title(i), measure, search, out));
            return 0;
        }
        String id = model.itemIds().id(i);
        console.println("most similar to " + (model.title(i).equals(id) ? id : model.title(i) + " (" + id + ")") + ", by " + measure
                + (search.equals("approximate") ? " (through the similar-items index; --exact scores every item)" : "") + ":");
        int rank = 1, width = 8;
        for (ScoredItem s : sims) width = Math.max(width, s.item().length());
        for (ScoredItem s : sims) console.printf("%3d. %6.3f  %s", rank++, s.score(), RecommendationOutput.itemColumn(s.item(), s.title(), width));
        return 0;
    }
}
