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
}
