package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.server.Server;
import org.collab4j.server.ServerConfig;

/** A model file served in this JVM, and the command line on the same file: for tests that compare their answers. */
final class Served implements AutoCloseable {
    final Path model;
    final Server server;
    private final HttpClient http = HttpClient.newHttpClient();

    Served(Path model) throws IOException {
        this.model = model;
        this.server = Server.start(ServerConfig.local(model, 0));
    }

    /** The command's {@code --json} object, run on the served model file; the command must succeed. */
    JsonNode cli(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--model", model.toString(), "--json"));
        CliTest.Run r = CliTest.run(all.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return CliTest.JSON.readTree(r.out());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return CliTest.JSON.readTree(r.body());
    }

    JsonNode post(String path, String body, int status) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return CliTest.JSON.readTree(r.body());
    }

    static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        for (JsonNode it : items) out.add(it.get("item").asText());
        return out;
    }

    static List<Float> scores(JsonNode items, String field) {
        List<Float> out = new ArrayList<>();
        for (JsonNode it : items) out.add((float) it.get(field).asDouble());
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
