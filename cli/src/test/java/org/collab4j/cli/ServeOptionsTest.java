package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** A tiny dot-bias model file (20 users, 12 items, untrained): enough to serve. */
    static Path tinyModel(Path dir) throws Exception {
        Path model = dir.resolve("m.c4j");
        int users = 20, items = 12;
        org.collab4j.model.FactorModel fm = org.collab4j.model.FactorModel.initialized("dot-bias", users, items, 4, 0.5f, 0f,
                new float[] {0f, 5.5f}, 1);
        int[] u = new int[users * 3], it = new int[users * 3];
        float[] v = new float[users * 3];
        for (int r = 0; r < u.length; r++) {
            u[r] = r / 3;
            it[r] = (r / 3 + r % 3) % items;
            v[r] = 1 + r % 5;
        }
        String[] uid = new String[users], iid = new String[items];
        for (int a = 0; a < users; a++) uid[a] = "u" + a;
        for (int i = 0; i < items; i++) iid[i] = "i" + i;
        org.collab4j.data.Ratings ratings = new org.collab4j.data.Ratings(u, it, v, null, org.collab4j.data.IdIndex.of(uid),
                org.collab4j.data.IdIndex.of(iid), new org.collab4j.data.RatingScale(1, 5));
        org.collab4j.io.ModelFile.write(org.collab4j.model.TrainedModel.of(fm, ratings, ratings.allRows(), null, null,
                java.util.Map.of("model", "dot-bias")), model);
        return model;
    }

    static Process serve(String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    @Test
    void serveSaysWhatTheDatabaseHoldsRatingsAndEvents(@TempDir Path dir) throws Exception {
        Path model = tinyModel(dir);
        Process p = serve("--model", model.toString(), "--port", "0", "--json");
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder json = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) { // the --json object once the server is up (indented)
                json.append(line).append('\n');
                if (line.startsWith("}")) break;
            }
            com.fasterxml.jackson.databind.JsonNode o = CliTest.JSON.readTree(json.toString());
            assertThat(o.get("stored_ratings").asInt()).isZero();
            assertThat(o.get("stored_events").asInt()).isZero();
            assertThat(o.get("port").asInt()).isPositive();
        } finally {
            p.destroyForcibly();
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aPortInUseIsOneCleanMessage(@TempDir Path dir) throws Exception {
        Path model = tinyModel(dir);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process p = serve("--model", model.toString(), "--port", Integer.toString(taken.getLocalPort()));
            p.getOutputStream().close();
            String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(err).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("ERROR")
                    .doesNotContain("Failed to start Javalin").doesNotContain("Exception");
            assertThat(err.strip().lines().count()).as(err).isEqualTo(1);
        }
    }
}
