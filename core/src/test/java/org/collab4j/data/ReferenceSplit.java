package org.collab4j.data;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * MovieLens 100k's positives with the fixed split of {@code ml-100k-implicit} (train.tsv and
 * test.tsv, user TAB item): the data the reference top-N results were measured on. Tests that
 * use it are skipped when {@code COLLAB4J_DATA} does not hold it.
 */
public final class ReferenceSplit {
    private ReferenceSplit() {
    }

    public static Path folder() {
        String env = System.getenv("COLLAB4J_DATA");
        Assumptions.assumeTrue(env != null && !env.isBlank() && !env.startsWith("${")
                && Files.isRegularFile(Path.of(env, "ml-100k-implicit", "train.tsv")), "COLLAB4J_DATA with ml-100k-implicit not set");
        return Path.of(env, "ml-100k-implicit");
    }

    /** train.tsv as the log (summed, weight 1 an event), test.tsv as its test part. */
    public static DataSplit load() {
        Path dir = folder();
        Dataset train = InteractionLog.aggregate(DataLoader.load(dir.resolve("train.tsv"), LoadOptions.builder().keepRepeats(true).build()),
                Float.NaN, 0);
        return Splits.withTestFile(train, dir.resolve("test.tsv"));
    }
}
