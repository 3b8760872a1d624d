// Writes a random dot-bias-shaped model file of USERS x ITEMS (50 factors, 20 training ratings a
// user), for load tests at catalogue sizes no local data set has:
//   java -cp cli/target/collab4j.jar bench/src/main/java/org/collab4j/bench/SynthModel.java OUT [USERS] [ITEMS]
package org.collab4j.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.collab4j.data.*;
import org.collab4j.io.ModelFile;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

public class SynthModel {
    public static void main(String[] a) throws Exception {
        int users = a.length > 1 ? Integer.parseInt(a[1]) : 162_000, items = a.length > 2 ? Integer.parseInt(a[2]) : 59_000, per = 20;
        FactorModel fm = FactorModel.initialized("dot-bias", users, items, 50, 0.1f, 0f, new float[] {0f, 5.5f}, 42);
        Random rnd = new Random(42);
        int[] u = new int[users * per], it = new int[users * per];
        float[] v = new float[users * per];
        for (int x = 0, r = 0; x < users; x++) {
            java.util.BitSet seen = new java.util.BitSet(items);
            for (int k = 0; k < per; k++, r++) {
                int i;
                do i = rnd.nextInt(items); while (seen.get(i));
                seen.set(i);
                u[r] = x; it[r] = i; v[r] = 1 + rnd.nextInt(5);
            }
        }
        String[] uid = new String[users], iid = new String[items], titles = new String[items];
        for (int x = 0; x < users; x++) uid[x] = Integer.toString(x + 1);
        for (int i = 0; i < items; i++) { iid[i] = Integer.toString(i + 1); titles[i] = "Synthetic film " + (i + 1) + " (2000)"; }
        Ratings ratings = new Ratings(u, it, v, null, IdIndex.of(uid), IdIndex.of(iid), new RatingScale(0.5f, 5));
        int[][] genres = new int[items][];
        for (int i = 0; i < items; i++) genres[i] = new int[] {i % 3};
        ItemInfo info = new ItemInfo(titles, new int[items], new long[items], new String[] {"A", "B", "C"}, genres);
        TrainedModel m = TrainedModel.of(fm, ratings, ratings.allRows(), info, null, Map.of("model", "dot-bias", "data", "synthetic-random"));
        ModelFile.write(m, Path.of(a[0]));
        System.out.println("wrote " + a[0] + ": " + users + " users, " + items + " items, 50 factors (random, not trained)");
    }
}
