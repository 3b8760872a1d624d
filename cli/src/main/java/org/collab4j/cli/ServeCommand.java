package org.collab4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.util.JavalinBindException;
import org.collab4j.options.CommonOptions;
import org.collab4j.server.FeedbackStore;
import org.collab4j.server.Server;
import org.collab4j.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code collab4j serve}: the HTTP API and web page over a model file, with a feedback database. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve recommendations over HTTP (JSON API under /v1, web page at /), storing posted ratings in a database.",
            "Write endpoints need a bearer token when one is given (always when bound to a non-loopback address); admin endpoints"
                    + " always do, and are off without one. The token comes from --token-file or the environment variable "
                    + ServerConfig.TOKEN_ENV + ", never from the command line."})
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

    @Option(names = "--allowed-host", paramLabel = "NAME", description = "A host name clients reach the server by, besides localhost,"
            + " 127.0.0.1, ::1 and --host (repeatable). Requests naming another host are refused (421), against DNS rebinding.")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN", description = "An origin (scheme://host[:port]) whose pages may call the API"
            + " from a browser (repeatable). Other cross-origin requests are refused (403).")
    List<String> allowedOrigins = new ArrayList<>();

    /** Unknown arguments, reported by name only: a mistyped option may have been given a secret as its value. */
    @Unmatched
    List<String> unmatched = new ArrayList<>();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        if (!unmatched.isEmpty()) throw new UserException(unknownArguments(unmatched));
        if (!Files.isRegularFile(model)) throw new UserException("no model file at " + model + " (write one with 'collab4j train --out FILE')");
        ServerConfig config;
        try {
            config = new ServerConfig(model, host, port, db, ServerConfig.tokenFrom(tokenFile), allowedHosts, allowedOrigins);
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
        console.printf("feedback database: %s (%d stored ratings, %d stored events); write endpoints %s; admin endpoints %s",
                server.store().url(), server.store().count(), server.store().eventCount(), config.tokenRequired() ? "need the bearer token" : "open to this machine only",
                config.tokenRequired() ? "need the bearer token" : "off (no token)");
        if (common.json) {
            ObjectNode o = console.object();
            o.put("url", url);
            o.put("port", server.port());
            o.put("model", model.toString());
            o.put("db", server.store().url());
            o.put("stored_ratings", server.store().count());
            o.put("stored_events", server.store().eventCount());
            console.emit(o);
        }
        stopped.await();
        return 0;
    }

    /**
     * The unknown options by name, never their values (nor any other unknown argument): {@code
     * --token SECRET} is a likely mistake, and the secret must not be echoed to a terminal or a log.
     */
    static String unknownArguments(List<String> args) {
        List<String> names = new ArrayList<>();
        for (String a : args) if (a.startsWith("-")) names.add(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
        String what = names.isEmpty() ? "unexpected argument" + (args.size() > 1 ? "s" : "") + " (not repeated here); serve takes only options"
                : "unknown option" + (names.size() > 1 ? "s " : " ") + String.join(", ", names) + " (values given with "
                        + (names.size() > 1 ? "them" : "it") + " are not repeated here)";
        boolean token = names.stream().anyMatch(n -> n.matches("(?i)-+(token|bearer|secret|password|auth).*") && !n.equals("--token-file"));
        return what + (token ? "; the bearer token is read from --token-file FILE or the environment variable " + ServerConfig.TOKEN_ENV
                + ", never from the command line (other users of this machine can read command lines)" : "")
                + "; try 'collab4j serve --help'";
    }
}
