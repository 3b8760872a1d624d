package org.collab4j.cli;

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
        description = "Build an approximate top-N index (HNSW) over a factor model's items and save it beside the model "
                + "(MODEL.ann). recommend and recommend --all-users use it for catalogues of " + ApproximateTopN.MIN_ITEMS
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
    @Mixin
    CommonOptions common = new CommonOptions();

    record Json(String index, int items, int factors, int m, @JsonProperty("ef_construction") int efConstruction, int ef,
                double seconds, long bytes, @JsonProperty("used_from_items") int usedFromItems) {
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
        TrainedModel model = modelOptions.load();
        AnnIndex.Built b = AnnIndex.build(modelOptions.model, model, options, console);
        if (console.json) {
            console.emit(new Json(b.path().toString(), b.items(), b.factors(), m, efConstruction, ef, b.seconds(), b.bytes(), ApproximateTopN.MIN_ITEMS));
            return 0;
        }
        console.printf("index of %d items x %d factors written to %s in %.2f s (%.1f MB)", b.items(), b.factors(), b.path(), b.seconds(),
                b.bytes() / 1e6);
        if (!ApproximateTopN.pays(b.items()))
            console.warn("the catalogue has " + b.items() + " items, below " + ApproximateTopN.MIN_ITEMS
                    + ": recommend scores every item, which is as fast, and leaves the index unused");
        return 0;
    }
}
