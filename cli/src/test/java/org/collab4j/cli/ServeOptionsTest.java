package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s option errors: a mistyped token option never echoes its value; bad host and origin options are named. */
class ServeOptionsTest {
    static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void aTokenOnTheCommandLineIsRefusedWithoutEchoingIt(@TempDir Path dir) {
        for (String[] args : new String[][] {{"serve", "--model", "m.c4j", "--token", "SECRET-0123456789abcdef"},
                {"serve", "--token=SECRET-0123456789abcdef", "--model", "m.c4j"}, {"serve", "--bearer", "SECRET-0123456789abcdef"},
                {"serve", "--model", "m.c4j", "SECRET-0123456789abcdef"}}) {
            String[] r = run(args);
            assertThat(r[0]).isNotEqualTo("0");
            assertThat(r[1] + r[2]).as(String.join(" ", args)).doesNotContain("SECRET");
        }
        String err = run("serve", "--model", "m.c4j", "--token", "SECRET-0123456789abcdef")[2];
        assertThat(err).contains("unknown option --token").contains("not repeated here").contains("--token-file").contains("COLLAB4J_TOKEN");
        assertThat(run("serve", "--model", "m.c4j", "stray-SECRET")[2]).contains("unexpected argument (not repeated here)");
    }

    @Test
    void badAllowedHostsAndOriginsAreNamed(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.c4j");
        java.nio.file.Files.writeString(model, "not read: the options are checked first");
        assertThat(run("serve", "--model", model.toString(), "--allowed-host", "a.example:80")[2]).contains("--allowed-host")
                .contains("without a port");
        assertThat(run("serve", "--model", model.toString(), "--allowed-origin", "https://a.example/app")[2]).contains("--allowed-origin");
    }
}
