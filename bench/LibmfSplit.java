import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;

/**
 * Writes the random split that {@code collab4j train --valid-pct P --seed S} makes of a ratings
 * file as two files in LIBMF's text format ("user item rating", 0-based dense ids), so that a
 * peer trains and validates on exactly the same rows. The rows, ids and de-duplication are
 * collab4j's own: the file is read by {@link DataLoader} as the CLI reads it, and divided by
 * {@link Splits#random}.
 *
 * <p>Usage, with collab4j-core on the class path (a single-file program, no build step):
 * {@code java -cp core/target/collab4j-core-VERSION.jar bench/LibmfSplit.java DATA VALID_PCT SEED TRAIN_OUT VALID_OUT}.
 * Prints one line of JSON (rows, users, items, split name) on standard output.
 */
public class LibmfSplit {
    public static void main(String[] a) throws IOException {
        if (a.length != 5) {
            System.err.println("usage: java -cp collab4j-core.jar LibmfSplit.java DATA VALID_PCT SEED TRAIN_OUT VALID_OUT");
            System.exit(2);
        }
        Path data = Path.of(a[0]);
        double validPct = Double.parseDouble(a[1]);
        long seed = Long.parseLong(a[2]);
        // the same options as `collab4j train` on a plain ratings file: format detected, times not kept
        Dataset ds = DataLoader.load(data, LoadOptions.builder().keepTime(false).threads(2).build());
        Ratings r = ds.ratings();
        Split split = Splits.random(r, validPct, seed);
        write(r, split.train(), Path.of(a[3]));
        write(r, split.valid(), Path.of(a[4]));
        System.out.printf("{\"split\": \"%s\", \"n_train\": %d, \"n_valid\": %d, \"users\": %d, \"items\": %d}%n",
                split.name(), split.numTrain(), split.numValid(), r.numUsers(), r.numItems());
    }

    private static void write(Ratings r, int[] rows, Path out) throws IOException {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.US_ASCII), 1 << 20)) {
            StringBuilder line = new StringBuilder(48);
            for (int row : rows) {
                line.setLength(0);
                float v = r.value(row);
                line.append(r.user(row)).append(' ').append(r.item(row)).append(' ');
                if (v == (int) v) line.append((int) v); else line.append(v);
                w.append(line).append('\n');
            }
        }
    }
}
