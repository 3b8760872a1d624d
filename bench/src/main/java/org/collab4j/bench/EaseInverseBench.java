package org.collab4j.bench;

import java.nio.file.Path;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import org.collab4j.data.Confidence;
import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.InteractionLog;
import org.collab4j.data.Interactions;
import org.collab4j.data.LoadOptions;
import org.collab4j.kernel.SpdInverse;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.netlib.util.intW;

/**
 * Times EASE's dense SPD inverse, {@code (X^T X + lambda I)^-1}, on the Gram matrix of an
 * interaction log: native LAPACK ({@link SpdInverse}, single and double precision) on every item,
 * and, on the first {@code small} items, native against netlib's pure-Java LAPACK and EJML's
 * {@code invertSPD}. Usage: {@code EaseInverseBench LOG [small] [double]}.
 */
public final class EaseInverseBench {
    public static void main(String[] args) {
        Path log = Path.of(args[0]);
        int small = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        boolean alsoDouble = args.length > 2 && args[2].equals("double");
        long t0 = System.nanoTime();
        Dataset d = InteractionLog.aggregate(DataLoader.load(log, LoadOptions.builder().columns("user,item,count").keepRepeats(true).keepTime(false).build()), Float.NaN, 0);
        Interactions x = Interactions.of(d.ratings(), Confidence.NONE);
        int n = x.numItems();
        System.out.printf("%s: %d interactions, %d users, %d items; LAPACK %s; loaded in %.1f s%n", log.getFileName(), x.size(), x.numUsers(), n,
                SpdInverse.implementation(), (System.nanoTime() - t0) / 1e9);

        float[] gf = new float[n * n];
        t0 = System.nanoTime();
        gram(x, gf, n, 200);
        System.out.printf("Gram matrix %d x %d: %.1f s%n", n, n, (System.nanoTime() - t0) / 1e9);
        double[] sub = new double[small * small];
        for (int i = 0; i < small; i++) for (int j = 0; j < small; j++) sub[i * small + j] = gf[i * n + j];

        t0 = System.nanoTime();
        if (!SpdInverse.invert(gf, n)) throw new IllegalStateException("not positive definite");
        System.out.printf("native float  n=%d: %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        gf = null;
        if (alsoDouble) {
            double[] gd = new double[n * n];
            float[] g2 = new float[n * n];
            gram(x, g2, n, 200);
            for (int k = 0; k < gd.length; k++) gd[k] = g2[k];
            g2 = null;
            t0 = System.nanoTime();
            if (!SpdInverse.invert(gd, n)) throw new IllegalStateException("not positive definite");
            System.out.printf("native double n=%d: %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        }

        double[] a = sub.clone();
        t0 = System.nanoTime();
        SpdInverse.invert(a, small);
        System.out.printf("native double n=%d: %.2f s%n", small, (System.nanoTime() - t0) / 1e9);
        a = sub.clone();
        t0 = System.nanoTime();
        intW info = new intW(0);
        JavaLAPACK.getInstance().dpotrf("L", small, a, small, info);
        JavaLAPACK.getInstance().dpotri("L", small, a, small, info);
        System.out.printf("java (netlib F2J) double n=%d: %.2f s%n", small, (System.nanoTime() - t0) / 1e9);
        DMatrixRMaj m = DMatrixRMaj.wrap(small, small, sub.clone());
        DMatrixRMaj inv = new DMatrixRMaj(small, small);
        t0 = System.nanoTime();
        CommonOps_DDRM.invertSPD(m, inv);
        System.out.printf("EJML invertSPD double n=%d: %.2f s%n", small, (System.nanoTime() - t0) / 1e9);
    }

    /** {@code X^T X + lambda I} for binary X. */
    static void gram(Interactions x, float[] g, int n, float lambda) {
        int[] is = x.itemStart(), iu = x.itemUsers(), us = x.userStart(), ui = x.userItems();
        for (int i = 0; i < n; i++) {
            for (int p = is[i]; p < is[i + 1]; p++) {
                int u = iu[p];
                for (int q = us[u]; q < us[u + 1]; q++) g[i * n + ui[q]] += 1;
            }
            g[i * n + i] += lambda;
        }
    }
}
