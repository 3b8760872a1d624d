package org.collab4j.recommend.ann;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import com.github.jelmerk.knn.DistanceFunction;
import com.github.jelmerk.knn.Item;
import com.github.jelmerk.knn.ProgressListener;
import com.github.jelmerk.knn.SearchResult;
import com.github.jelmerk.knn.hnsw.HnswIndex;
import org.collab4j.kernel.Simd;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

/**
 * An index over a factor model's items that finds a query's highest-scoring items without
 * scoring them all. It comes in two kinds ({@link Kind}): one answers which items a user would
 * rate highest (maximum inner product, below), the other which items are most like an item
 * (cosine of item factors). And it is built by one of two methods ({@link Method}):
 *
 * <ul>
 * <li>{@link Method#LISTS} (the default): the items dealt into k-means lists, taken in decreasing
 * order of an upper bound on their scores ({@link InvertedLists}). It stops when no list left can
 * beat the candidates found, so the answer is exact unless the search reaches its {@code scan}
 * budget of items first. Quick to build (k-means on a sample).
 * <li>{@link Method#HNSW}: a hierarchical navigable small-world graph (Malkov &amp; Yashunin 2018,
 * through the hnswlib library), approximate at any breadth, and slow to build for large
 * catalogues.
 * </ul>
 *
 * <p>A factor model ranks a user's items by {@code b_i + p_u . q_i} (the global offset and the
 * user's bias are the same for every item, and {@code y_range} squashing and clipping never
 * reorder). That is the inner product of {@code x_u = [p_u, 1]} with {@code v_i = [q_i, b_i]}:
 * the lists score it directly. For the graph, the maximum-inner-product transform of Bachrach
 * et al. (2014) adds one dimension, {@code v_i' = [v_i, sqrt(M^2 - |v_i|^2)]} with {@code M} the
 * largest norm, so every item has norm {@code M}; then the item with the largest
 * {@code x_u . v_i} is also the nearest to {@code [x_u, 0]} by inner-product distance.
 *
 * <p>Similar items are ranked by the cosine of item factors {@code q_a . q_b / (|q_a| |q_b|)}
 * (biases play no part), so the item-item index holds the unit vectors {@code q_i / |q_i|},
 * whose inner product is that cosine. An item whose factors are all zero has no cosine with
 * anything; it is stored as the zero vector and dropped when candidates are rescored.
 *
 * <p>The index only proposes candidates; {@link ApproximateTopN} rescores them exactly with the
 * model, so biases, squashing and exclusions apply as in exact search.
 */
public final class ItemIndex {
    /** What the graph answers. */
    public enum Kind {
        /** A user's items by predicted rating: {@code [q_i, b_i, sqrt(M^2 - |v_i|^2)]}. */
        USER_ITEM,
        /** An item's items by cosine of item factors: {@code q_i / |q_i|}. */
        ITEM_ITEM;

        /** Dimensions of the stored vectors for {@code factors} factors. */
        int dimensions(int factors) {
            return this == USER_ITEM ? factors + 2 : factors;
        }
    }

    /** How the index finds candidates. */
    public enum Method {
        /** k-means lists taken in order of a bound on their scores, exact unless the scan budget runs out. */
        LISTS,
        /** A navigable small-world graph (hnswlib). */
        HNSW;

        /** The method named {@code name} ({@code lists} or {@code hnsw}). */
        public static Method of(String name) {
            return switch (name) {
                case "lists" -> LISTS;
                case "hnsw" -> HNSW;
                default -> throw new IllegalArgumentException("the index method is lists or hnsw, got '" + name + "'");
            };
        }
    }

    /** How to build an index: {@link ListOptions} for lists, {@link Options} for a graph. */
    public sealed interface Settings permits ListOptions, Options {
        /** The method these settings build. */
        default Method method() {
            return this instanceof ListOptions ? Method.LISTS : Method.HNSW;
        }
    }

    /**
     * The lists' settings: how many lists (0: about {@code 2 sqrt(items)}), and the most items one
     * search scores before it answers with what it has (0: {@link #DEFAULT_SCAN} for users' top-N,
     * {@link #DEFAULT_SIMILAR_SCAN} for similar items).
     */
    public record ListOptions(int lists, int scan, int threads) implements Settings {
        /** Items one search of users' top-N scores at most, by default. */
        public static final int DEFAULT_SCAN = 20_000;
        /**
         * Items one search of similar items scores at most, by default: more, because on unit
         * vectors the bound rules out less of a crowded part of the catalogue (docs/benchmarks.md).
         */
        public static final int DEFAULT_SIMILAR_SCAN = 100_000;

        /** The scan budget an index of {@code kind} gets from these settings. */
        public int scanFor(Kind kind) {
            return scan > 0 ? scan : kind == Kind.USER_ITEM ? DEFAULT_SCAN : DEFAULT_SIMILAR_SCAN;
        }

        public ListOptions {
            if (lists < 0) throw new IllegalArgumentException("ann-lists must be at least 1, got " + lists);
            if (scan < 0) throw new IllegalArgumentException("ann-scan must be at least 1, got " + scan);
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }

        public static ListOptions defaults() {
            return new ListOptions(0, 0, Runtime.getRuntime().availableProcessors());
        }
    }

    /** The graph's degree, construction and search breadth. Defaults from hnswlib's guidance for recall >= 0.95. */
    public record Options(int m, int efConstruction, int ef, int threads) implements Settings {
        public Options {
            if (m < 2) throw new IllegalArgumentException("ann-m must be at least 2, got " + m);
            if (efConstruction < 1) throw new IllegalArgumentException("ann-ef-construction must be at least 1, got " + efConstruction);
            if (ef < 1) throw new IllegalArgumentException("ann-ef must be at least 1, got " + ef);
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }

        public static Options defaults() {
            return new Options(16, 200, 100, Runtime.getRuntime().availableProcessors());
        }
    }

    /** One item's transformed vector; the id is the dense item index. */
    record Vec(Integer id, float[] vector) implements Item<Integer, float[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    /** What a file's lists begin with; hnswlib's graphs begin with Java serialisation's 0xACED. */
    private static final byte[] LISTS_MAGIC = "LISTS001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final HnswIndex<Integer, float[], Vec, Float> graph;
    private final InvertedLists lists;
    private final Kind kind;
    private final int factors;

    private ItemIndex(HnswIndex<Integer, float[], Vec, Float> graph, InvertedLists lists, Kind kind, int factors) {
        this.graph = graph;
        this.lists = lists;
        this.kind = kind;
        this.factors = factors;
    }

    /** Whether {@code model} can be indexed: a plain factor model with at least one factor. */
    public static boolean supports(Object model) {
        return model != null && model.getClass() == FactorModel.class && ((FactorModel) model).factors() > 0;
    }

    /** Builds the user-item graph over every item of {@code model}; {@code progress} gets (done, total). */
    public static ItemIndex build(FactorModel model, Options options, ProgressListener progress) {
        return build(model, Kind.USER_ITEM, options, progress);
    }

    /** Builds the user-item lists over every item of {@code model}; {@code progress} gets (done, total) steps. */
    public static ItemIndex build(FactorModel model, ListOptions options, ProgressListener progress) {
        return build(model, Kind.USER_ITEM, options, progress);
    }

    /** Builds an index of {@code kind} over every item of {@code model} with {@code settings}' method. */
    public static ItemIndex build(FactorModel model, Kind kind, Settings settings, ProgressListener progress) {
        return settings instanceof ListOptions l ? build(model, kind, l, progress) : build(model, kind, (Options) settings, progress);
    }

    /** Builds lists of {@code kind} over every item of {@code model}; {@code progress} gets (done, total) steps. */
    public static ItemIndex build(FactorModel model, Kind kind, ListOptions options, ProgressListener progress) {
        checkSupported(model);
        int k = model.factors(), ni = model.numItems();
        float[] u = model.itemFactors(), e = model.itemBias();
        if (kind == Kind.ITEM_ITEM) {
            u = new float[ni * k];
            for (int i = 0; i < ni; i++) System.arraycopy(unit(model.itemFactors(), i * k, k), 0, u, i * k, k);
            e = null;
        }
        int lists = options.lists() > 0 ? options.lists() : InvertedLists.defaultLists(ni);
        int scan = options.scanFor(kind);
        try (org.collab4j.kernel.Workers workers = new org.collab4j.kernel.Workers(options.threads())) {
            InvertedLists built = InvertedLists.build(u, e, ni, k, lists, scan, 42, workers,
                    progress == null ? null : (done, total) -> progress.updateProgress(done, total));
            return new ItemIndex(null, built, kind, k);
        }
    }

    private static void checkSupported(FactorModel model) {
        if (!supports(model))
            throw new IllegalArgumentException("an approximate index needs a factor model (dot-bias, als); "
                    + model.kind() + " is scored exactly");
    }

    /** Builds a graph of {@code kind} over every item of {@code model}; {@code progress} gets (done, total). */
    public static ItemIndex build(FactorModel model, Kind kind, Options options, ProgressListener progress) {
        checkSupported(model);
        int k = model.factors(), ni = model.numItems();
        List<Vec> items = kind == Kind.USER_ITEM ? innerProductVectors(model) : unitVectors(model);
        HnswIndex<Integer, float[], Vec, Float> graph = HnswIndex.newBuilder(kind.dimensions(k), distance(), Math.max(1, ni))
                .withM(options.m()).withEfConstruction(options.efConstruction()).withEf(options.ef()).build();
        try {
            graph.addAll(items, options.threads(), progress == null ? (done, total) -> { } : progress,
                    Math.max(1, ni / 100));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("building the index was interrupted", e);
        }
        return new ItemIndex(graph, null, kind, k);
    }

    /** {@code [q_i, b_i, sqrt(M^2 - |v_i|^2)]} for every item. */
    private static List<Vec> innerProductVectors(FactorModel model) {
        int k = model.factors(), ni = model.numItems();
        float[] q = model.itemFactors(), bi = model.itemBias();
        double max = 0;
        double[] norm2 = new double[ni];
        for (int i = 0; i < ni; i++) {
            double s = (double) bi[i] * bi[i];
            for (int f = 0; f < k; f++) s += (double) q[i * k + f] * q[i * k + f];
            norm2[i] = s;
            max = Math.max(max, s);
        }
        List<Vec> items = new ArrayList<>(ni);
        for (int i = 0; i < ni; i++) {
            float[] v = new float[k + 2];
            System.arraycopy(q, i * k, v, 0, k);
            v[k] = bi[i];
            v[k + 1] = (float) Math.sqrt(Math.max(0, max - norm2[i]));
            items.add(new Vec(i, v));
        }
        return items;
    }

    /** {@code q_i / |q_i|} for every item (the zero vector where {@code q_i} is zero). */
    private static List<Vec> unitVectors(FactorModel model) {
        int k = model.factors(), ni = model.numItems();
        float[] q = model.itemFactors();
        List<Vec> items = new ArrayList<>(ni);
        for (int i = 0; i < ni; i++) items.add(new Vec(i, unit(q, i * k, k)));
        return items;
    }

    private static float[] unit(float[] q, int offset, int k) {
        double s = 0;
        for (int f = 0; f < k; f++) s += (double) q[offset + f] * q[offset + f];
        float[] v = new float[k];
        if (s == 0) return v;
        double inv = 1 / Math.sqrt(s);
        for (int f = 0; f < k; f++) v[f] = (float) (q[offset + f] * inv);
        return v;
    }

    /** Inner-product distance {@code 1 - x . v}. */
    static DistanceFunction<float[], Float> distance() {
        return new InnerProduct();
    }

    /**
     * {@code 1 - x . v} through {@link Simd#dot}: the Vector API at the machine's preferred width
     * when {@code jdk.incubator.vector} is on, plain loops otherwise. The graph file stores its
     * distance function, so it is this class rather than hnswlib-core-jdk17's Vector API one: a
     * graph built where the module is on then loads where it is off (the server runs without it).
     */
    static final class InnerProduct implements DistanceFunction<float[], Float> {
        private static final long serialVersionUID = 1L;

        @Override
        public Float distance(float[] u, float[] v) {
            return 1f - Simd.dot(u, 0, v, 0, u.length);
        }
    }

    public Kind kind() {
        return kind;
    }

    public int factors() {
        return factors;
    }

    public Method method() {
        return graph != null ? Method.HNSW : Method.LISTS;
    }

    public int size() {
        return graph != null ? graph.size() : lists.size();
    }

    /** The graph's search breadth at query time: larger finds more of the true top items, slower. */
    public void setEf(int ef) {
        if (ef < 1) throw new IllegalArgumentException("ann-ef must be at least 1, got " + ef);
        graph().setEf(ef);
    }

    /** The graph's search breadth. */
    public int ef() {
        return graph().getEf();
    }

    /** The lists' scan budget: the most items one search scores; larger is exact more often, slower. */
    public void setScan(int scan) {
        listsOrFail().setScan(scan);
    }

    /** The lists' scan budget. */
    public int scan() {
        return listsOrFail().scan();
    }

    /** How many lists the items are dealt into. */
    public int lists() {
        return lists == null ? 0 : lists.lists();
    }

    private HnswIndex<Integer, float[], Vec, Float> graph() {
        if (graph == null) throw new IllegalStateException("this index is k-means lists, not a graph");
        return graph;
    }

    private InvertedLists listsOrFail() {
        if (lists == null) throw new IllegalStateException("this index is a graph, not k-means lists");
        return lists;
    }

    /**
     * How many candidates to ask for when {@code wanted} are needed: the graph's search breadth
     * (it finds the true top items better when asked for more); the lists score exactly, so
     * exactly {@code wanted}.
     */
    public int pool(int wanted) {
        return graph != null ? Math.max(graph.getEf(), wanted) : wanted;
    }

    /**
     * The {@code n} items with (approximately) the largest {@code b_i + p . q_i} for user factors
     * {@code p[offset .. offset + factors)}, written to {@code out}; returns how many were found.
     */
    public int candidates(float[] p, int offset, int n, int[] out) {
        if (kind != Kind.USER_ITEM) throw new IllegalStateException("this index ranks items by cosine, not users' items");
        if (lists != null) return fromLists(p, offset, 1f, n, out);
        float[] x = new float[factors + 2];
        System.arraycopy(p, offset, x, 0, factors);
        x[factors] = 1f;
        return nearest(x, n, out);
    }

    private int fromLists(float[] x, int offset, float extra, int n, int[] out) {
        org.collab4j.kernel.TopK top = new org.collab4j.kernel.TopK(n);
        lists.search(x, offset, extra, top);
        return top.drainSorted(out, new float[top.size()]);
    }

    /**
     * The {@code n} items with (approximately) the largest cosine with the item factors
     * {@code q[offset .. offset + factors)}, written to {@code out}; returns how many were found.
     */
    public int similarCandidates(float[] q, int offset, int n, int[] out) {
        if (kind != Kind.ITEM_ITEM) throw new IllegalStateException("this index ranks users' items, not items by cosine");
        float[] x = unit(q, offset, factors);
        return lists != null ? fromLists(x, 0, 0f, n, out) : nearest(x, n, out);
    }

    private int nearest(float[] x, int n, int[] out) {
        List<SearchResult<Vec, Float>> found = graph.findNearest(x, n);
        int c = Math.min(n, found.size());
        for (int j = 0; j < c; j++) out[j] = found.get(j).item().id();
        return c;
    }

    /** The graph in hnswlib's format, or the lists after {@link #LISTS_MAGIC}. */
    void save(OutputStream out) throws IOException {
        if (graph != null) {
            graph.save(out);
            return;
        }
        java.io.DataOutputStream data = new java.io.DataOutputStream(out);
        data.write(LISTS_MAGIC);
        lists.save(data);
        data.flush();
    }

    /** Reads what {@link #save} wrote; {@code in} must support mark and reset. */
    static ItemIndex load(InputStream in, Kind kind, int factors) throws IOException {
        in.mark(LISTS_MAGIC.length);
        if (java.util.Arrays.equals(in.readNBytes(LISTS_MAGIC.length), LISTS_MAGIC))
            return new ItemIndex(null, InvertedLists.load(new java.io.DataInputStream(in), factors), kind, factors);
        in.reset();
        HnswIndex<Integer, float[], Vec, Float> graph = HnswIndex.load(in, ItemIndex.class.getClassLoader());
        if (graph.getDimensions() != kind.dimensions(factors))
            throw new IOException("the graph has " + graph.getDimensions() + " dimensions, " + kind.dimensions(factors) + " expected for "
                    + factors + " factors");
        return new ItemIndex(graph, null, kind, factors);
    }

    /**
     * The factors of {@code model}, once this index is known to be of {@code kind} and of the
     * model's shape.
     *
     * @throws IllegalArgumentException {@code wrongKind} for an index of the other kind, or a
     *                                  message naming both shapes for a model it was not built from
     */
    FactorModel factorsOf(TrainedModel model, Kind kind, String wrongKind) {
        if (!supports(model.model()))
            throw new IllegalArgumentException("an approximate index needs a factor model; " + model.kind() + " is scored exactly");
        if (kind() != kind) throw new IllegalArgumentException(wrongKind);
        FactorModel f = (FactorModel) model.model();
        if (factors() != f.factors() || size() != model.numItems())
            throw new IllegalArgumentException("the index (" + size() + " items, " + factors()
                    + " factors) does not match the model (" + model.numItems() + " items, " + f.factors() + " factors)");
        return f;
    }
}
