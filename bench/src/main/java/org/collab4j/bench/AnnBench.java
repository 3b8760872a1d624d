package org.collab4j.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.kernel.TopK;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.recommend.ann.ApproximateSimilar;
import org.collab4j.recommend.ann.ApproximateTopN;
import org.collab4j.recommend.ann.IndexFile;
import org.collab4j.recommend.ann.ItemIndex;

/**
 * Exact against indexed top-10 on a synthetic factor model of USERS x ITEMS with FACTORS
 * factors, whose item vectors lie in 200 clusters of different sizes (so recall is neither trivially
 * high nor low) and whose users each sit near one cluster and have rated 20 items; or (MODEL=FILE)
 * on a saved factor model, USERS ITEMS FACTORS then ignored. Prints the index build time and heap,
 * recall@10 against exact search over SAMPLE users, the median and p99 time of one user's top-10
 * both ways (through the index for each search breadth given: the scan budget of the k-means
 * lists, or the graph's ef under METHOD=hnsw; the smallest with recall@10 >= 0.95, else the
 * largest, is kept for what follows), and (ALL=1) the time of top-10 for every user through the
 * index. METHOD=lists (the default) deals the items into LISTS k-means lists (default about
 * 2 sqrt(items)); METHOD=hnsw builds hnswlib's graph of degree M and construction breadth
 * EF_CONSTRUCTION. SIMILAR=1 also builds the item-item index and measures similar items the same
 * way (recall@10 against exact cosine search, median times). OUT=FILE writes the model to FILE and
 * its index to FILE.ann (and FILE.similar.ann), so that {@code collab4j serve --model FILE} serves
 * them. {@code AnnBench ef FROM TO EF} copies the index beside model file FROM to beside TO (a
 * copy of FROM) with search breadth EF, so the same index can be served at another breadth.
 *
 * <pre>
 *   mvn -B -ntp -q -pl core,bench -am package -DskipTests
 *   java -Xmx12g --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
 *       org.collab4j.bench.AnnBench 500000 1000000 64 [SAMPLE=2000] [BREADTH=20000[,BREADTH...]] [M=16] [EF_CONSTRUCTION=200]
 * </pre>
 */
public final class AnnBench {
    private AnnBench() {
    }

    /** A random dot-bias model with clustered item vectors; user u has rated 20 random items. */
    public static TrainedModel clustered(int users, int items, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int clusters = 200;
        float[][] centre = new float[clusters][k];
        for (float[] c : centre) for (int f = 0; f < k; f++) c[f] = (float) gaussian(rnd) / (float) Math.sqrt(k);
        float[] q = new float[items * k], p = new float[users * k], bi = new float[items], bu = new float[users];
        for (int i = 0; i < items; i++) {
            // cluster sizes follow a power law: cluster c gets weight 1/(c+1)
            int c = (int) Math.min(clusters - 1, Math.floor(Math.exp(rnd.nextDouble() * Math.log(clusters + 1)) - 1));
            for (int f = 0; f < k; f++) q[i * k + f] = centre[c][f] + 0.5f * (float) gaussian(rnd) / (float) Math.sqrt(k);
            bi[i] = 0.1f * (float) gaussian(rnd);
        }
        for (int u = 0; u < users; u++) {
            float[] c = centre[rnd.nextInt(clusters)];
            for (int f = 0; f < k; f++) p[u * k + f] = 2 * c[f] + 0.5f * (float) gaussian(rnd) / (float) Math.sqrt(k);
            bu[u] = 0.1f * (float) gaussian(rnd);
        }
        FactorModel m = new FactorModel("dot-bias", users, items, k, p, q, bu, bi, 3.5f, new float[] {0f, 5.5f});
        int per = Math.min(20, items);
        int[] ru = new int[users * per], ri = new int[users * per];
        float[] rv = new float[users * per];
        for (int u = 0, r = 0; u < users; u++) {
            for (int j = 0; j < per; j++, r++) {
                ru[r] = u;
                ri[r] = rnd.nextInt(items);
                rv[r] = 1 + rnd.nextInt(5);
            }
        }
        String[] uid = new String[users], iid = new String[items];
        for (int u = 0; u < users; u++) uid[u] = Integer.toString(u + 1);
        for (int i = 0; i < items; i++) iid[i] = Integer.toString(i + 1);
        Ratings ratings = new Ratings(ru, ri, rv, null, IdIndex.of(uid), IdIndex.of(iid), new RatingScale(1, 5));
        return TrainedModel.of(m, ratings, ratings.allRows(), null, null, Map.of("model", "dot-bias", "data", "synthetic-clustered"));
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** The search breadth: the graph's ef, or the lists' scan budget. */
    static void setBreadth(ItemIndex index, int breadth) {
        if (index.method() == ItemIndex.Method.HNSW) index.setEf(breadth);
        else index.setScan(breadth);
    }

    static int exactTop(TrainedModel t, int u, float[] scores, TopK top, int[] out, float[] outScores) {
        t.model().scoreItems(u, scores);
        int[] s = t.seenStart(), seen = t.seenItems();
        for (int j = s[u]; j < s[u + 1]; j++) scores[seen[j]] = Float.NaN;
        top.clear();
        for (int i = 0; i < scores.length; i++) top.offer(i, scores[i]);
        return top.drainSorted(out, outScores);
    }

    private static ItemIndex similarIndex;

    /**
     * Builds the item-item index and compares similar items through it with exact cosine search
     * over {@code sample} items, at each search breadth of {@code breadths}; the index is left at
     * {@code kept}.
     */
    static void similar(TrainedModel model, ItemIndex.Settings options, int sample, int[] breadths, int kept) {
        long t0 = System.nanoTime();
        similarIndex = ItemIndex.build((FactorModel) model.model(), ItemIndex.Kind.ITEM_ITEM, options, null);
        System.out.printf("item-item index: built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        ApproximateSimilar ann = new ApproximateSimilar(model, similarIndex);
        Recommender exact = new Recommender(model);
        int[] approx = new int[10];
        float[] as = new float[10];
        long[] tExact = new long[sample], tAnn = new long[sample];
        SplittableRandom pick = new SplittableRandom(11);
        int[] items = new int[sample];
        List<List<ScoredItem>> exactLists = new java.util.ArrayList<>();
        for (int w = 0; w < 100; w++) exact.similar(pick.nextInt(model.numItems()), 10, 0);
        for (int s = 0; s < sample; s++) {
            int i = items[s] = pick.nextInt(model.numItems());
            long x = System.nanoTime();
            exactLists.add(exact.similar(i, 10, 0));
            tExact[s] = System.nanoTime() - x;
        }
        Arrays.sort(tExact);
        System.out.printf("one item's 10 similar, exact: median %.3f ms%n", tExact[sample / 2] / 1e6);
        for (int b : breadths) {
            setBreadth(similarIndex, b);
            for (int w = 0; w < 100; w++) ann.similar(items[w % sample], 10, 0, approx, as);
            int hits = 0, wanted = 0;
            for (int s = 0; s < sample; s++) {
                long y = System.nanoTime();
                int na = ann.similar(items[s], 10, 0, approx, as);
                tAnn[s] = System.nanoTime() - y;
                for (int j = 0; j < na; j++) for (ScoredItem it : exactLists.get(s)) if (it.index() == approx[j]) hits++;
                wanted += exactLists.get(s).size(); // an item without factors has no similar items at all
            }
            Arrays.sort(tAnn);
            System.out.printf("similar items, breadth %d: recall@10 against exact cosine search %.4f over %d items; index median %.3f ms, p99 %.3f ms%n",
                    b, wanted == 0 ? 1.0 : (double) hits / wanted, sample, tAnn[sample / 2] / 1e6, tAnn[sample * 99 / 100] / 1e6);
        }
        setBreadth(similarIndex, kept);
    }

    public static void main(String[] a) throws Exception {
        if (a[0].equals("ef")) {
            java.nio.file.Path from = java.nio.file.Path.of(a[1]), to = java.nio.file.Path.of(a[2]);
            ItemIndex index = IndexFile.read(IndexFile.beside(from), from);
            setBreadth(index, Integer.parseInt(a[3]));
            IndexFile.write(index, to, IndexFile.beside(to));
            return;
        }
        int users = Integer.parseInt(a[0]), items = Integer.parseInt(a[1]), k = Integer.parseInt(a[2]);
        int sample = a.length > 3 ? Integer.parseInt(a[3]) : 2000;
        boolean graph = "hnsw".equals(System.getenv().getOrDefault("METHOD", "lists"));
        int[] efs = Arrays.stream((a.length > 4 ? a[4] : graph ? "100" : "20000").split(",")).mapToInt(Integer::parseInt).toArray();
        int ef = efs[0];
        int mDegree = a.length > 5 ? Integer.parseInt(a[5]) : 16, efc = a.length > 6 ? Integer.parseInt(a[6]) : 200;
        int lists = Integer.parseInt(System.getenv().getOrDefault("LISTS", "0"));
        int threads = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        String saved = System.getenv("MODEL");
        TrainedModel model = saved != null ? org.collab4j.io.ModelFile.read(java.nio.file.Path.of(saved)) : clustered(users, items, k, 42);
        users = model.numUsers();
        items = model.numItems();
        k = ((FactorModel) model.model()).factors();
        System.out.printf("model: %d users, %d items, %d factors (%.1f s to %s)%n", users, items, k, (System.nanoTime() - t0) / 1e9,
                saved != null ? "read" : "make");
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        t0 = System.nanoTime();
        ItemIndex index = graph ? ItemIndex.build((FactorModel) model.model(), new ItemIndex.Options(mDegree, efc, ef, threads), null)
                : ItemIndex.build((FactorModel) model.model(), new ItemIndex.ListOptions(lists, ef, threads), null);
        double build = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long heap = rt.totalMemory() - rt.freeMemory() - before;
        System.out.printf("index: built in %.1f s on %d threads, %.0f MB of heap (%s)%n", build, threads, heap / 1e6,
                graph ? "graph, M " + mDegree + ", efConstruction " + efc : index.lists() + " k-means lists");
        ApproximateTopN ann = new ApproximateTopN(model, index);
        float[] scores = new float[items];
        TopK top = new TopK(10);
        int[] approx = new int[10];
        float[] es = new float[10], as = new float[10];
        long[] tExact = new long[sample], tAnn = new long[sample];
        int[] sampled = new int[sample];
        int[][] exact = new int[sample][10];
        int[] ne = new int[sample];
        SplittableRandom pick = new SplittableRandom(7);
        for (int w = 0; w < 200; w++) { // warm-up of both paths
            int u = pick.nextInt(users);
            exactTop(model, u, scores, top, approx, es);
            ann.topN(u, 10, approx, as);
        }
        for (int s = 0; s < sample; s++) {
            int u = sampled[s] = pick.nextInt(users);
            long x = System.nanoTime();
            ne[s] = exactTop(model, u, scores, top, exact[s], es);
            tExact[s] = System.nanoTime() - x;
        }
        Arrays.sort(tExact);
        System.out.printf("one user's top-10, exact: median %.3f ms, p99 %.3f ms%n", tExact[sample / 2] / 1e6, tExact[sample * 99 / 100] / 1e6);
        Arrays.sort(efs);
        int kept = efs[efs.length - 1];
        String breadth = graph ? "ef" : "scan";
        for (int e : efs) {
            setBreadth(index, e);
            for (int w = 0; w < 50; w++) ann.topN(sampled[w % sample], 10, approx, as);
            int hits = 0, wanted = 0;
            for (int s = 0; s < sample; s++) {
                wanted += ne[s];
                long y = System.nanoTime();
                int na = ann.topN(sampled[s], 10, approx, as);
                tAnn[s] = System.nanoTime() - y;
                for (int j = 0; j < na; j++) for (int x = 0; x < ne[s]; x++) if (exact[s][x] == approx[j]) hits++;
            }
            Arrays.sort(tAnn);
            double recall = wanted == 0 ? 1.0 : (double) hits / wanted;
            System.out.printf(breadth + " %d: recall@10 against exact search %.4f over %d users; one user's top-10 through the index: median %.3f ms, p99 %.3f ms%n",
                    e, recall, sample, tAnn[sample / 2] / 1e6, tAnn[sample * 99 / 100] / 1e6);
            if (recall >= 0.95 && kept == efs[efs.length - 1]) kept = e;
        }
        setBreadth(index, kept);
        System.out.printf("kept %s %d (the smallest with recall@10 >= 0.95, else the largest)%n", breadth, kept);
        if ("1".equals(System.getenv("SIMILAR"))) {
            if (graph) similar(model, new ItemIndex.Options(mDegree, efc, kept, threads), sample, efs, kept);
            else similar(model, new ItemIndex.ListOptions(lists, kept, threads), sample, efs, kept);
        }
        String out = System.getenv("OUT");
        if (out != null && !out.isEmpty()) {
            java.nio.file.Path file = java.nio.file.Path.of(out);
            t0 = System.nanoTime();
            org.collab4j.io.ModelFile.write(model, file);
            IndexFile.write(index, file, IndexFile.beside(file));
            System.out.printf("wrote %s and %s in %.1f s%n", file, IndexFile.beside(file), (System.nanoTime() - t0) / 1e9);
            if (similarIndex != null) IndexFile.write(similarIndex, file, IndexFile.beside(file, ItemIndex.Kind.ITEM_ITEM));
        }
        if ("1".equals(System.getenv("ALL"))) {
            t0 = System.nanoTime();
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(() -> {
                    int[] it = new int[10];
                    float[] sc = new float[10];
                    for (int u; (u = next.getAndIncrement()) < model.numUsers(); ) ann.topN(u, 10, it, sc);
                });
                ts[t].start();
            }
            for (Thread t : ts) t.join();
            System.out.printf("top-10 for all %d users through the index: %.1f s on %d threads%n", users, (System.nanoTime() - t0) / 1e9, threads);
        }
    }
}
