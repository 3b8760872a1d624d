package org.collab4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.util.JavalinBindException;
import org.collab4j.server.FeedbackStore;
import org.collab4j.server.Server;
import org.collab4j.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code collab4j serve}: the HTTP API and web page over a model file, with a feedback database. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve recommendations over HTTP (JSON API under /v1, web page at /), storing posted ratings in a database.",
            "Write and admin endpoints need a bearer token when one is given (always when bound to a non-loopback address):"
                    + " from --token-file or the environment variable " + ServerConfig.TOKEN_ENV + ", never on the command line."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file written by 'train --out'; POST /v1/admin/reload reads it again.")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (0: any free port; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--db", paramLabel = "URL", description = "Feedback database: jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DB"
            + " (password from COLLAB4J_DB_PASSWORD). Default: a SQLite file beside the model (MODEL.feedback.db).")
    String db;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File whose first line is the bearer token for write and admin endpoints.")
    Path tokenFile;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        if (!Files.isRegularFile(model)) throw new UserException("no model file at " + model + " (write one with 'collab4j train --out FILE')");
        ServerConfig config;
        try {
            config = new ServerConfig(model, host, port, db, ServerConfig.tokenFrom(tokenFile));
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        Server server;
        try {
            server = Server.start(config);
        } catch (JavalinBindException e) {
            throw new UserException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (FeedbackStore.StoreException e) {
            throw new UserException(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "collab4j-serve-shutdown"));
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/";
        console.printf("collab4j: serving %s (model version %d) on %s", model, server.modelVersion(), url);
        console.printf("feedback database: %s (%d stored ratings); write endpoints %s", server.store().url(), server.store().count(),
                config.tokenRequired() ? "need the bearer token" : "open to this machine only");
        if (common.json) {
            ObjectNode o = console.object();
            o.put("url", url);
            o.put("port", server.port());
            o.put("model", model.toString());
            o.put("db", server.store().url());
            o.put("stored_ratings", server.store().count());
            console.emit(o);
        }
        stopped.await();
        return 0;
    }
}
