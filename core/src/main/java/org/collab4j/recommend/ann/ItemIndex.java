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
 * An approximate nearest-neighbour index over a factor model's items: a hierarchical navigable
 * small-world graph (Malkov &amp; Yashunin 2018, through the hnswlib library). It comes in two
 * kinds ({@link Kind}): one answers which items a user would rate highest (maximum inner
 * product, below), the other which items are most like an item (cosine of item factors).
 *
 * <p>A factor model ranks a user's items by {@code b_i + p_u . q_i} (the global offset and the
 * user's bias are the same for every item, and {@code y_range} squashing and clipping never
 * reorder). That is the inner product of {@code x_u = [p_u, 1]} with {@code v_i = [q_i, b_i]}.
 * The maximum-inner-product transform of Bachrach et al. (2014) adds one dimension,
 * {@code v_i' = [v_i, sqrt(M^2 - |v_i|^2)]} with {@code M} the largest norm, so every item has norm
 * {@code M}; then the item with the largest {@code x_u . v_i} is also the nearest to
 * {@code [x_u, 0]} by inner-product distance, and the graph can be searched.
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

    /** Graph degree, construction and search breadth. Defaults from hnswlib's guidance for recall >= 0.95. */
    public record Options(int m, int efConstruction, int ef, int threads) {
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

    private final HnswIndex<Integer, float[], Vec, Float> graph;
    private final Kind kind;
    private final int factors;

    private ItemIndex(HnswIndex<Integer, float[], Vec, Float> graph, Kind kind, int factors) {
        this.graph = graph;
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

    /** Builds a graph of {@code kind} over every item of {@code model}; {@code progress} gets (done, total). */
    public static ItemIndex build(FactorModel model, Kind kind, Options options, ProgressListener progress) {
        if (!supports(model))
            throw new IllegalArgumentException("an approximate index needs a factor model (dot-bias, als); "
                    + model.kind() + " is scored exactly");
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
        return new ItemIndex(graph, kind, k);
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

    public int size() {
        return graph.size();
    }

    /** Search breadth at query time: larger finds more of the true top items, slower. */
    public void setEf(int ef) {
        if (ef < 1) throw new IllegalArgumentException("ann-ef must be at least 1, got " + ef);
        graph.setEf(ef);
    }

    public int ef() {
        return graph.getEf();
    }

    /**
     * The {@code n} items with (approximately) the largest {@code b_i + p . q_i} for user factors
     * {@code p[offset .. offset + factors)}, written to {@code out}; returns how many were found.
     */
    public int candidates(float[] p, int offset, int n, int[] out) {
        if (kind != Kind.USER_ITEM) throw new IllegalStateException("this index ranks items by cosine, not users' items");
        float[] x = new float[factors + 2];
        System.arraycopy(p, offset, x, 0, factors);
        x[factors] = 1f;
        return nearest(x, n, out);
    }

    /**
     * The {@code n} items with (approximately) the largest cosine with the item factors
     * {@code q[offset .. offset + factors)}, written to {@code out}; returns how many were found.
     */
    public int similarCandidates(float[] q, int offset, int n, int[] out) {
        if (kind != Kind.ITEM_ITEM) throw new IllegalStateException("this index ranks users' items, not items by cosine");
        return nearest(unit(q, offset, factors), n, out);
    }

    private int nearest(float[] x, int n, int[] out) {
        List<SearchResult<Vec, Float>> found = graph.findNearest(x, n);
        int c = Math.min(n, found.size());
        for (int j = 0; j < c; j++) out[j] = found.get(j).item().id();
        return c;
    }

    void save(OutputStream out) throws IOException {
        graph.save(out);
    }

    static ItemIndex load(InputStream in, Kind kind, int factors) throws IOException {
        HnswIndex<Integer, float[], Vec, Float> graph = HnswIndex.load(in, ItemIndex.class.getClassLoader());
        if (graph.getDimensions() != kind.dimensions(factors))
            throw new IOException("the graph has " + graph.getDimensions() + " dimensions, " + kind.dimensions(factors) + " expected for "
                    + factors + " factors");
        return new ItemIndex(graph, kind, factors);
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
