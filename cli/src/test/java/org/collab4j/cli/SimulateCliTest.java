package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate} on a small generated rating file. */
class SimulateCliTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void write() throws Exception {
        StringBuilder sb = new StringBuilder("user,item,rating\n");
        for (int u = 0; u < 50; u++)
            for (int i = 0; i < 30; i++)
                if ((u * 7 + i * 13) % 10 < 10 - i / 4) sb.append(u).append(',').append(i).append(',').append(u % 2 == i % 2 ? 5 : 2).append('\n');
        data = dir.resolve("ratings.csv");
        Files.writeString(data, sb.toString());
    }

    static CliTest.Run simulate(String... extra) {
        String[] base = {"simulate", "--data", data.toString(), "--threads", "1", "--factors", "4", "--epochs", "2"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTest.run(args);
    }

    @Test
    void jsonHasBothRunsRoundByRoundAndIsDeterministic() throws Exception {
        CliTest.Run a = simulate("--rounds", "3", "-n", "4", "--json"), b = simulate("--rounds", "3", "-n", "4", "--json");
        assertThat(a.code()).as(a.err()).isZero();
        JsonNode o = CliTest.JSON.readTree(a.out()), p = CliTest.JSON.readTree(b.out());
        for (String run : new String[] {"plain", "safeguarded"}) {
            JsonNode rounds = o.get(run).get("rounds");
            assertThat(rounds).hasSize(3);
            for (int j = 0; j < 3; j++) {
                JsonNode r = rounds.get(j);
                assertThat(r.get("round").asInt()).isEqualTo(j + 1);
                for (String f : new String[] {"hit_rate", "accepted", "coverage", "gini", "novelty", "rating_gini"})
                    assertThat(r.has(f)).as(f).isTrue();
            }
            assertThat(rounds).isEqualTo(p.get(run).get("rounds"));
        }
        assertThat(o.get("safeguarded").get("diversity").asDouble()).isEqualTo(0.3);
        assertThat(o.get("plain").get("explore").asDouble()).isEqualTo(0.0);
        assertThat(o.get("update").asText()).isEqualTo("fold-in");
        assertThat(o.get("ranked_by").asText()).isEqualTo("rating");
        assertThat(a.err()).contains("plain hit").contains("safe hit");
    }

    @Test
    void badOptionsAreRefused() {
        assertThat(simulate("--rounds", "0").err()).contains("--rounds must be between 1 and 1000, got 0");
        assertThat(simulate("--diversity", "2").err()).contains("--diversity must be between 0 and 1, got 2.0");
        assertThat(simulate("--explore", "-1").err()).contains("--explore must be between 0 and 1, got -1.0");
        assertThat(simulate("--future", "1").err()).contains("--future must be between 0 and 1 (exclusive), got 1.0");
        assertThat(simulate("-n", "0").err()).contains("-n must be between 1 and 1000, got 0");
        assertThat(simulate("--rank-by", "stars").err()).contains("--rank-by must be 'rating' or 'relevance', got 'stars'");
        CliTest.Run r = simulate("--rounds", "0");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception");
    }
}
