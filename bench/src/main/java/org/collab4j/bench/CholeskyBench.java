package org.collab4j.bench;

import org.collab4j.kernel.Cholesky;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * ALS's per-row ridge solve, hand-written Cholesky against EJML's: factorise a k x k symmetric
 * positive definite matrix (a Gram matrix plus lambda*I) and solve one right-hand side, many times.
 * Prints microseconds per solve (best of several rounds) and the largest difference of the solutions.
 *
 *   mvn -B -ntp -q -pl core,bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar org.collab4j.bench.CholeskyBench
 *
 * EJML (ejml-ddense, version from the parent POM) is a dependency of the bench module only.
 */
public class CholeskyBench {
    public static void main(String[] args) {
        java.util.Random rnd = new java.util.Random(1);
        for (int k : new int[] {11, 21, 51, 101}) {
            int n = 64, reps = 20_000_000 / (k * k * k / 6 + k * k * 2 + 1) + 200;
            double[][] mats = new double[16][], rhs = new double[16][];
            for (int m = 0; m < 16; m++) {
                double[] x = new double[n * Cholesky.stride(k)];
                for (int r = 0; r < n; r++) for (int f = 0; f < k; f++) x[r * Cholesky.stride(k) + f] = rnd.nextGaussian();
                double[] a = new double[k * k];
                Cholesky.addGram(a, k, x, Cholesky.stride(k), n);
                for (int f = 0; f < k; f++) a[f * k + f] += 0.1 * n;
                Cholesky.symmetrize(a, k);
                mats[m] = a;
                rhs[m] = new double[k];
                for (int f = 0; f < k; f++) rhs[m][f] = rnd.nextGaussian();
            }
            double[] work = new double[k * k], b = new double[k];
            LinearSolverDense<DMatrixRMaj> ejml = LinearSolverFactory_DDRM.symmPosDef(k);
            DMatrixRMaj A = new DMatrixRMaj(k, k), B = new DMatrixRMaj(k, 1), X = new DMatrixRMaj(k, 1);
            double bestOurs = Double.MAX_VALUE, bestEjml = Double.MAX_VALUE, maxDiff = 0;
            for (int round = 0; round < 7; round++) {
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    double[] a = mats[r & 15];
                    System.arraycopy(a, 0, work, 0, k * k);
                    System.arraycopy(rhs[r & 15], 0, b, 0, k);
                    Cholesky.solve(work, k, b);
                }
                long t1 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    System.arraycopy(mats[r & 15], 0, A.data, 0, k * k);
                    System.arraycopy(rhs[r & 15], 0, B.data, 0, k);
                    if (!ejml.setA(A)) throw new IllegalStateException("EJML: not positive definite");
                    ejml.solve(B, X);
                }
                long t2 = System.nanoTime();
                bestOurs = Math.min(bestOurs, (t1 - t0) / 1e3 / reps);
                bestEjml = Math.min(bestEjml, (t2 - t1) / 1e3 / reps);
                for (int f = 0; f < k; f++) maxDiff = Math.max(maxDiff, Math.abs(b[f] - X.data[f]) / Math.max(1e-300, Math.abs(X.data[f])));
            }
            System.out.printf("k=%-4d hand-written %8.2f us   EJML symmPosDef %8.2f us   ratio %.2f   max relative diff %.1e%n", k, bestOurs, bestEjml,
                    bestEjml / bestOurs, maxDiff);
        }
    }
}
