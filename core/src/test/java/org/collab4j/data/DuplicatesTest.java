package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.collab4j.kernel.Rng;
import org.collab4j.kernel.Workers;

class DuplicatesTest {
    @Property(tries = 60)
    void everyRowButTheLastOfItsPairIsReplacedWhateverTheUserRangesAndThreads(
            @ForAll @IntRange(min = 1, max = 100_000) int users, @ForAll @IntRange(min = 1, max = 30) int items,
            @ForAll @IntRange(min = 2, max = 500) int n, @ForAll @IntRange(min = 1, max = 4) int parts,
            @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll @IntRange(min = 1, max = 200) int partRows, @ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] u = new int[n], it = new int[n];
        for (int j = 0; j < n; j++) {
            u[j] = rng.nextInt(users);
            it[j] = rng.nextInt(items);
        }
        int[] start = new int[parts + 1];
        int[][] pu = new int[parts][], pi = new int[parts][];
        char[][] pc = new char[parts][], pl = new char[parts][];
        byte[][] ph = new byte[parts][];
        for (int p = 0; p < parts; p++) {
            start[p + 1] = (int) ((long) n * (p + 1) / parts);
            if (rng.nextInt(2) == 0) pu[p] = java.util.Arrays.copyOfRange(u, start[p], start[p + 1]);
            else {   // the three-byte layout of a part's users
                ph[p] = new byte[start[p + 1] - start[p]];
                pl[p] = new char[ph[p].length];
                for (int j = 0; j < pl[p].length; j++) {
                    ph[p][j] = (byte) (u[start[p] + j] >>> 16);
                    pl[p][j] = (char) u[start[p] + j];
                }
            }
            if (rng.nextInt(2) == 0) pi[p] = java.util.Arrays.copyOfRange(it, start[p], start[p + 1]);
            else {   // the two-byte layout of a part's items
                pc[p] = new char[start[p + 1] - start[p]];
                for (int j = 0; j < pc[p].length; j++) pc[p][j] = (char) it[start[p] + j];
            }
        }
        Map<Long, Integer> last = new HashMap<>();
        for (int j = 0; j < n; j++) last.put((long) u[j] << 32 | it[j], j);
        boolean[] expected = new boolean[n];
        long repeats = 0;
        for (int j = 0; j < n; j++) {
            expected[j] = last.get((long) u[j] << 32 | it[j]) != j;
            if (expected[j]) repeats++;
        }
        long[] found = new long[1];
        try (Workers pool = new Workers(threads)) {
            long[] dropped = Duplicates.replaced(new Duplicates.Parts(pu, ph, pl, pi, pc, start), users, items, pool, threads, found, partRows);
            assertThat(found[0]).isEqualTo(repeats);
            if (repeats == 0) assertThat(dropped).isNull();
            else {
                assertThat(dropped).hasSize((n + 63) / 64);
                for (int j = 0; j < n; j++) assertThat(Duplicates.flagged(dropped, j)).as("row %d", j).isEqualTo(expected[j]);
                if (n % 64 != 0) assertThat(dropped[n / 64] >>> (n % 64)).isZero();   // no bit past the last row
            }
        }
    }
}
