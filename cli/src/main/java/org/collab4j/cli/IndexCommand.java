package org.collab4j.cli;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.collab4j.options.CommonOptions;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.ann.ApproximateTopN;
import org.collab4j.recommend.ann.ItemIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code collab4j index}: an approximate nearest-neighbour index over a factor model's items, saved beside the model. */
@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Build approximate indexes (HNSW) over a factor model's items and save them beside the model: "
                + "MODEL.ann for users' top-N (recommend, recommend --all-users, the server's lists) and MODEL.similar.ann for "
                + "similar items (similar, the server's similar items). They are used for catalogues of " + ApproximateTopN.MIN_ITEMS
                + " items or more (--exact to check against exact search); smaller catalogues are scored exactly, which is as fast.")
final class IndexCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Mixin
    ModelOptions modelOptions = new ModelOptions();
    @Option(names = "--ann-m", defaultValue = "16", paramLabel = "M", description = "Graph degree (default: ${DEFAULT-VALUE}).")
    int m;
    @Option(names = "--ann-ef-construction", defaultValue = "200", paramLabel = "EF", description = "Breadth while building (default: ${DEFAULT-VALUE}).")
    int efConstruction;
    @Option(names = "--ann-ef", defaultValue = "100", paramLabel = "EF",
            description = "Breadth while searching, saved with the index: larger finds more of the exact top items, slower (default: ${DEFAULT-VALUE}).")
    int ef;
    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;
    @Option(names = "--for", defaultValue = "both", paramLabel = "recommend|similar|both",
            description = "Which index to build: users' top-N (recommend), similar items (similar), or both (default: ${DEFAULT-VALUE}).")
    String purpose;
    @Mixin
    CommonOptions common = new CommonOptions();

    record Json(String index, @JsonProperty("similar_index") String similarIndex, int items, int factors, int m,
                @JsonProperty("ef_construction") int efConstruction, int ef, double seconds, long bytes,
                @JsonProperty("used_from_items") int usedFromItems) {
    }

    static List<ItemIndex.Kind> kinds(String purpose) {
        return switch (purpose) {
            case "recommend" -> List.of(ItemIndex.Kind.USER_ITEM);
            case "similar" -> List.of(ItemIndex.Kind.ITEM_ITEM);
            case "both" -> List.of(ItemIndex.Kind.USER_ITEM, ItemIndex.Kind.ITEM_ITEM);
            default -> throw new UserException("--for takes recommend, similar or both, got '" + purpose + "'");
        };
    }

    @Override
    public Integer call() throws Exception {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        ItemIndex.Options options;
        try {
            options = new ItemIndex.Options(m, efConstruction, ef, threads != null ? threads : Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw new UserException("--" + e.getMessage());
        }
        List<ItemIndex.Kind> kinds = kinds(purpose);
        TrainedModel model = modelOptions.load();
        List<AnnIndex.Built> built = AnnIndex.build(modelOptions.model, model, options, kinds, console);
        if (console.json) {
            String topN = null, similar = null;
            double seconds = 0;
            long bytes = 0;
            for (AnnIndex.Built b : built) {
                if (b.kind() == ItemIndex.Kind.USER_ITEM) topN = b.path().toString();
                else similar = b.path().toString();
                seconds += b.seconds();
                bytes += b.bytes();
            }
            console.emit(new Json(topN, similar, model.numItems(), built.get(0).factors(), m, efConstruction, ef, seconds, bytes,
                    ApproximateTopN.MIN_ITEMS));
            return 0;
        }
        for (AnnIndex.Built b : built)
            console.printf("%s of %d items x %d factors written to %s in %.2f s (%.1f MB)",
                    b.kind() == ItemIndex.Kind.USER_ITEM ? "top-N index" : "similar-items index", b.items(), b.factors(), b.path(),
                    b.seconds(), b.bytes() / 1e6);
        if (!ApproximateTopN.pays(model.numItems()))
            console.warn("the catalogue has " + model.numItems() + " items, below " + ApproximateTopN.MIN_ITEMS
                    + ": recommend and similar score every item, which is as fast, and leave the index unused");
        return 0;
    }
}
