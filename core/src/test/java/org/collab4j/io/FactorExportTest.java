package org.collab4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.RatingScale;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactorExportTest {
    @TempDir
    Path dir;

    /** 2 users, 3 items, 2 factors; item 1's title has a tab, a comma and a quote. */
    static TrainedModel tiny() {
        float[] p = {0.5f, -1f, 2f, 0.25f};
        float[] q = {1f, 2f, 3f, 4f, -0.5f, 0f};
        FactorModel m = new FactorModel("dot-bias", 2, 3, 2, p, q, new float[] {0.1f, -0.2f}, new float[] {1f, 2f, 3f}, 0f, null);
        ItemInfo info = ItemInfo.empty(3);
        info.titles()[0] = "Toy Story (1995)";
        info.titles()[1] = "Say \"Hi\",\tNow (1999)";
        int[] start = {0, 2, 3};
        int[] items = {0, 1, 0};
        float[] values = {5, 3, 4};
        return new TrainedModel(m, IdIndex.of("u1", "u2"), IdIndex.of("1", "2", "3"), info, null, new RatingScale(1, 5),
                start, items, values, Map.of());
    }

    @Test
    void tsvHasOneVectorRowPerIdAndAMetadataHeader() throws Exception {
        List<Path> files = FactorExport.write(tiny(), FactorExport.Format.TSV, dir);
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("item_vectors.tsv", "item_metadata.tsv", "user_vectors.tsv", "user_metadata.tsv");
        assertThat(Files.readAllLines(dir.resolve("item_vectors.tsv"))).containsExactly("1.0\t2.0", "3.0\t4.0", "-0.5\t0.0");
        assertThat(Files.readAllLines(dir.resolve("item_metadata.tsv"))).containsExactly(
                "id\ttitle\tbias\tratings", "1\tToy Story (1995)\t1.0\t2", "2\tSay \"Hi\", Now (1999)\t2.0\t1", "3\t3\t3.0\t0");
        assertThat(Files.readAllLines(dir.resolve("user_vectors.tsv"))).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("user_metadata.tsv"))).containsExactly("id\tbias\tratings", "u1\t0.1\t2", "u2\t-0.2\t1");
    }

    @Test
    void npyFilesHoldTheExactArrays() throws Exception {
        FactorExport.write(tiny(), FactorExport.Format.NPY, dir);
        byte[] b = Files.readAllBytes(dir.resolve("item_factors.npy"));
        assertThat(new String(b, 10, 118, java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }");
        assertThat(b.length).isEqualTo(128 + 6 * 4);
        ByteBuffer p = ByteBuffer.wrap(b, 128, 24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1f, 2f, 3f, 4f, -0.5f, 0f}) assertThat(p.getFloat()).isEqualTo(v);
        assertThat(Files.size(dir.resolve("user_bias.npy"))).isEqualTo(128 + 8);
        assertThat(Files.size(dir.resolve("item_ratings.npy"))).isEqualTo(128 + 12);
        assertThat(Files.exists(dir.resolve("item_titles.npy"))).isTrue();
        assertThat(Files.exists(dir.resolve("user_titles.npy"))).isFalse();
    }

    @Test
    void csvQuotesTitlesAndNamesFactorColumns() throws Exception {
        FactorExport.write(tiny(), FactorExport.Format.CSV, dir);
        assertThat(Files.readAllLines(dir.resolve("items.csv"))).containsExactly(
                "id,title,bias,ratings,f0,f1", "1,Toy Story (1995),1.0,2,1.0,2.0", "2,\"Say \"\"Hi\"\",\tNow (1999)\",2.0,1,3.0,4.0",
                "3,3,3.0,0,-0.5,0.0");
        assertThat(Files.readAllLines(dir.resolve("users.csv"))).containsExactly("id,bias,ratings,f0,f1", "u1,0.1,2,0.5,-1.0",
                "u2,-0.2,1,2.0,0.25");
    }

    @Test
    void errorsNameTheProblem() throws Exception {
        assertThatThrownBy(() -> FactorExport.Format.parse("parquet")).hasMessage("unknown export format 'parquet'; known formats: tsv, npy, csv");
        assertThat(FactorExport.Format.parse("NPY")).isEqualTo(FactorExport.Format.NPY);
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> FactorExport.write(tiny(), FactorExport.Format.TSV, file.resolve("sub")))
                .hasMessageContaining("cannot create folder").hasMessageContaining("is a file");
        assertThatThrownBy(() -> AtomicFiles.write(dir, out -> { })).hasMessageContaining("is a folder");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path f = Files.writeString(dir.resolve("keep.tsv"), "old");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write('n');
            throw new java.io.IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        try (var s = Files.list(dir)) {
            assertThat(s).containsExactly(f);
        }
    }
}
