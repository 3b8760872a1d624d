package org.collab4j.kernel;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * The inverse of a dense symmetric positive definite matrix, in place, through its Cholesky
 * factor: LAPACK's {@code potrf} ({@code A = L L^T}) then {@code potri} ({@code A^-1 = L^-T L^-1}),
 * about {@code n^3} flops. LAPACK is the system's native library when one is installed
 * ({@code liblapack.so.3}: Debian's OpenBLAS is {@code apt-get install libopenblas0-pthread}), on all
 * cores, else netlib's pure-Java port, 10 to 15 times slower. Measured on 2 busy cores: see the
 * benchmarks page, "Implicit feedback".
 *
 * <p>Row-major or column-major makes no difference: the matrix is symmetric. Both triangles hold
 * the inverse on return.
 */
public final class SpdInverse {
    private SpdInverse() {
    }

    /** Which LAPACK runs: {@code native} or {@code java}. */
    public static String implementation() {
        return LAPACK.getInstance() instanceof JavaLAPACK ? "java" : "native";
    }

    /** Replaces {@code a} (n x n) by its inverse; false when it is not positive definite (a is then overwritten). */
    public static boolean invert(double[] a, int n) {
        check(a.length, n);
        LAPACK lapack = LAPACK.getInstance();
        intW info = new intW(0);
        lapack.dpotrf("L", n, a, n, info);
        if (info.val != 0) return false;
        lapack.dpotri("L", n, a, n, info);
        if (info.val != 0) return false;
        mirror(a, n);
        return true;
    }

    /** {@link #invert(double[], int)} in single precision: half the memory, about twice as fast. */
    public static boolean invert(float[] a, int n) {
        check(a.length, n);
        LAPACK lapack = LAPACK.getInstance();
        intW info = new intW(0);
        lapack.spotrf("L", n, a, n, info);
        if (info.val != 0) return false;
        lapack.spotri("L", n, a, n, info);
        if (info.val != 0) return false;
        mirror(a, n);
        return true;
    }

    private static void check(int length, int n) {
        if (n < 1 || (long) n * n != length) throw new IllegalArgumentException("expected an n x n matrix of " + n + " x " + n + " but got " + length + " entries");
    }

    /** Column-major lower triangle = row-major upper: copy it to the row-major lower triangle. */
    private static void mirror(double[] a, int n) {
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j];
    }

    private static void mirror(float[] a, int n) {
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j];
    }
}
