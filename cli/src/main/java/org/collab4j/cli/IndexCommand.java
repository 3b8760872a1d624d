package org.collab4j.cli;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        description = "Build indexes over a factor model's items and save them beside the model: "
                + "MODEL.ann for users' top-N (recommend, recommend --all-users, the server's lists) and MODEL.similar.ann for "
                + "similar items (similar, the server's similar items). They are used for catalogues of " + ApproximateTopN.MIN_LIST_ITEMS
                + " items or more (lists) or " + ApproximateTopN.MIN_ITEMS + " (graphs) (--exact to check against exact search); "
                + "smaller catalogues are scored exactly, which is faster. "
                + "Two methods: k-means lists taken in order of a bound on their scores (lists: exact unless a search reaches its "
                + "--ann-scan budget, quick to build), or an HNSW graph (hnsw: approximate, slow to build for large catalogues).")
final class IndexCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Mixin
    ModelOptions modelOptions = new ModelOptions();
    @Option(names = "--method", defaultValue = "lists", paramLabel = "lists|hnsw",
            description = "k-means lists (lists) or an HNSW graph (hnsw) (default: ${DEFAULT-VALUE}).")
    String method;
    @Option(names = "--ann-lists", paramLabel = "N", description = "lists: how many k-means lists (default: about 2 x sqrt(items)).")
    Integer lists;
    @Option(names = "--ann-scan", paramLabel = "N",
            description = "lists: the most items one search scores, saved with the index; a search that reaches it answers with the best "
                    + "items found so far (default: " + ItemIndex.ListOptions.DEFAULT_SCAN + " for users' top-N, "
                    + ItemIndex.ListOptions.DEFAULT_SIMILAR_SCAN + " for similar items).")
    Integer scan;
    @Option(names = "--ann-m", paramLabel = "M", description = "hnsw: graph degree (default: 16).")
    Integer m;
    @Option(names = "--ann-ef-construction", paramLabel = "EF", description = "hnsw: breadth while building (default: 200).")
    Integer efConstruction;
    @Option(names = "--ann-ef", paramLabel = "EF",
            description = "hnsw: breadth while searching, saved with the index: larger finds more of the exact top items, slower (default: 100).")
    Integer ef;
    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;
    @Option(names = "--for", defaultValue = "both", paramLabel = "recommend|similar|both",
            description = "Which index to build: users' top-N (recommend), similar items (similar), or both (default: ${DEFAULT-VALUE}).")
    String purpose;
    @Mixin
    CommonOptions common = new CommonOptions();

    record Json(String index, @JsonProperty("similar_index") String similarIndex, int items, int factors, String method,
                @JsonInclude(JsonInclude.Include.NON_NULL) Integer lists, @JsonInclude(JsonInclude.Include.NON_NULL) Integer scan,
                @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("similar_scan") Integer similarScan,
                @JsonInclude(JsonInclude.Include.NON_NULL) Integer m,
                @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ef_construction") Integer efConstruction,
                @JsonInclude(JsonInclude.Include.NON_NULL) Integer ef, double seconds, long bytes,
                @JsonProperty("used_from_items") int usedFromItems) {
    }

    /** The settings of the method asked for; a setting of the other method is refused. */
    ItemIndex.Settings settings() {
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try {
            ItemIndex.Method how = ItemIndex.Method.of(method);
            if (how == ItemIndex.Method.LISTS) {
                if (m != null || efConstruction != null || ef != null)
                    throw new UserException("--ann-m, --ann-ef-construction and --ann-ef set the graph: give --method hnsw with them");
                return new ItemIndex.ListOptions(positive("--ann-lists", lists), positive("--ann-scan", scan), t);
            }
            if (lists != null || scan != null)
                throw new UserException("--ann-lists and --ann-scan set the k-means lists: leave out --method hnsw with them");
            return new ItemIndex.Options(m != null ? m : 16, efConstruction != null ? efConstruction : 200, ef != null ? ef : 100, t);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage().startsWith("the index method") ? "--method: " + e.getMessage() : "--" + e.getMessage());
        }
    }

    /** A given count, which must be at least 1; 0 (the default) when not given. */
    private static int positive(String flag, Integer value) {
        if (value == null) return 0;
        if (value < 1) throw new UserException(flag + " must be at least 1, got " + value);
        return value;
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
        ItemIndex.Settings options = settings();
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
            Integer scan = null, similarScan = null;
            for (AnnIndex.Built b : built) {
                if (b.scan() == 0) continue;
                if (b.kind() == ItemIndex.Kind.USER_ITEM) scan = b.scan();
                else similarScan = b.scan();
            }
            Json json = options instanceof ItemIndex.ListOptions
                    ? new Json(topN, similar, model.numItems(), built.get(0).factors(), "lists", built.get(0).lists(), scan, similarScan,
                            null, null, null, seconds, bytes, ApproximateTopN.MIN_LIST_ITEMS)
                    : new Json(topN, similar, model.numItems(), built.get(0).factors(), "hnsw", null, null, null, ((ItemIndex.Options) options).m(),
                            ((ItemIndex.Options) options).efConstruction(), ((ItemIndex.Options) options).ef(), seconds, bytes,
                            ApproximateTopN.MIN_ITEMS);
            console.emit(json);
            return 0;
        }
        for (AnnIndex.Built b : built)
            console.printf("%s of %d items x %d factors (%s) written to %s in %.2f s (%.1f MB)",
                    b.kind() == ItemIndex.Kind.USER_ITEM ? "top-N index" : "similar-items index", b.items(), b.factors(),
                    b.lists() > 0 ? b.lists() + " k-means lists" : "HNSW graph", b.path(), b.seconds(), b.bytes() / 1e6);
        if (!ApproximateTopN.pays(options.method(), model.numItems()))
            console.warn("the catalogue has " + model.numItems() + " items, below " + ApproximateTopN.minItems(options.method())
                    + ": recommend and similar score every item, which is faster, and leave the index unused");
        return 0;
    }
}
