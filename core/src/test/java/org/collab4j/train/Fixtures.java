package org.collab4j.train;

import java.nio.file.Files;
import java.nio.file.Path;

import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.kernel.Rng;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Small rating sets for the solver tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** Ratings from {user, item, value} triples over users 0..max and items 0..max, scale 1..5. */
    public static Ratings ratings(double[][] triples) {
        int n = triples.length, nu = 0, ni = 0;
        int[] u = new int[n], i = new int[n];
        float[] v = new float[n];
        for (int r = 0; r < n; r++) {
            u[r] = (int) triples[r][0];
            i[r] = (int) triples[r][1];
            v[r] = (float) triples[r][2];
            nu = Math.max(nu, u[r] + 1);
            ni = Math.max(ni, i[r] + 1);
        }
        return new Ratings(u, i, v, null, ids(nu), ids(ni), new RatingScale(1, 5));
    }

    static IdIndex ids(int n) {
        String[] s = new String[n];
        for (int j = 0; j < n; j++) s[j] = Integer.toString(j);
        return IdIndex.of(s);
    }

    public static Dataset dataset(Ratings r) {
        return new Dataset("fixture", r, null, null, LoadReport.none("fixture"));
    }

    /** Every rating trains, none validates. */
    public static Split all(Ratings r) {
        return Splits.none(r);
    }

    /**
     * A synthetic rating matrix from a known low-rank model: {@code r = mu + b_u + b_i + p_u . q_i + noise}
     * on a random share of the pairs, values not rounded and not clipped.
     */
    public static Ratings lowRank(int users, int items, int rank, double density, double noiseSd, long seed, double[] truthOut) {
        Rng rng = new Rng(seed);
        double[] p = new double[users * rank], q = new double[items * rank], bu = new double[users], bi = new double[items];
        for (int j = 0; j < p.length; j++) p[j] = rng.nextGaussian() * 0.8;
        for (int j = 0; j < q.length; j++) q[j] = rng.nextGaussian() * 0.8;
        for (int j = 0; j < users; j++) bu[j] = rng.nextGaussian() * 0.3;
        for (int j = 0; j < items; j++) bi[j] = rng.nextGaussian() * 0.3;
        int max = users * items;
        int[] uu = new int[max], ii = new int[max];
        float[] vv = new float[max];
        int n = 0;
        for (int u = 0; u < users; u++)
            for (int i = 0; i < items; i++) {
                double mean = 3 + bu[u] + bi[i];
                for (int f = 0; f < rank; f++) mean += p[u * rank + f] * q[i * rank + f];
                if (truthOut != null) truthOut[u * items + i] = mean;
                if (rng.nextDouble() < density) {
                    uu[n] = u;
                    ii[n] = i;
                    vv[n++] = (float) (mean + noiseSd * rng.nextGaussian());
                }
            }
        return new Ratings(java.util.Arrays.copyOf(uu, n), java.util.Arrays.copyOf(ii, n), java.util.Arrays.copyOf(vv, n), null,
                ids(users), ids(items), new RatingScale(-100, 100));
    }

    /** MovieLens 100k from $COLLAB4J_DATA (the test is skipped without it). */
    public static Dataset ml100k() {
        String d = System.getenv("COLLAB4J_DATA");
        assumeTrue(d != null && Files.isRegularFile(Path.of(d, "ml-100k", "u1.test")), "COLLAB4J_DATA with ml-100k is needed");
        return DataLoader.load(Path.of(d, "ml-100k"), LoadOptions.defaults());
    }

    public static Path ml100kFolder() {
        return Path.of(System.getenv("COLLAB4J_DATA"), "ml-100k");
    }
}
