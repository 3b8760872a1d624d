package org.collab4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The engines' own options go through the same specs as the models': kebab-case keys, older spellings with a note, unknown keys refused. */
class SparkOptionsTest {
    @Test
    void olderSpellingsAreReadUnderTheCurrentKeysWithANote() {
        StringWriter err = new StringWriter();
        Map<String, String> dsgd = SparkMain.checked("dsgd", Map.of("bias_l2", "0.05", "init-std", "0.1"), new PrintWriter(err), false);
        assertThat(dsgd).isEqualTo(Map.of("bias-l2", "0.05", "init-std", "0.1"));
        assertThat(err.toString()).isEqualTo("collab4j: warning: dsgd: --set bias_l2 is deprecated; use --set bias-l2" + System.lineSeparator());
        StringWriter quiet = new StringWriter();
        assertThat(SparkMain.checked("mllib-als", Map.of("bias_reg", "3"), new PrintWriter(quiet), true)).isEqualTo(Map.of("bias-reg", "3"));
        assertThat(quiet.toString()).isEmpty();
    }

    @Test
    void anUnknownKeyOrABadValueIsRefused() {
        PrintWriter err = new PrintWriter(new StringWriter());
        assertThatThrownBy(() -> SparkMain.checked("mllib-als", Map.of("bias-l2", "1"), err, false))
                .hasMessage("model mllib-als has no option 'bias-l2'; its options: bias-reg");
        assertThatThrownBy(() -> SparkMain.checked("dsgd", Map.of("init-std", "-1"), err, false)).hasMessage("dsgd: init-std must be a number >= 0, got '-1'");
        assertThatThrownBy(() -> SparkTrainer.options("mllib")).hasMessageContaining("expected dsgd or mllib-als");
    }

    @Test
    void trainTakesTheCommandLinesOptionsWithDsgdsDefaults() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(SparkMain.run(new String[] {"train", "--help"}, new PrintWriter(out), new PrintWriter(err))).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        // the help texts of collab4j train, from the same option groups
        assertThat(help).contains("--factors=<factors> Latent factors (default: the model's; 50 for dot-bias).")
                .contains("--split=S random, temporal, none, or MovieLens 100k's official u1..u5, ua, ub (default: random).")
                .contains("--json Print exactly one JSON object on stdout (tables and progress go to stderr).")
                .contains("--rating-scale=MIN,MAX Declared rating scale;")
                // DSGD's own defaults of the shared options
                .contains("--optimizer=<optimizer> adam or sgd (default: sgd).")
                .contains("--schedule=<schedule> one-cycle or constant (default: constant).")
                .contains("dsgd bias-l2, init-std mllib-als bias-reg mllib-als-implicit alpha");
    }

    @Test
    void aBadNumberIsExplainedAsTheCommandLineExplainsIt() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SparkMain.run(new String[] {"train", "--data", "r.csv", "--lr", "abc"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("collab4j: --lr takes a decimal number such as 0.1 or 5e-3, got 'abc'" + System.lineSeparator()
                + "Try 'collab4j-spark train --help' for the options." + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }
}
