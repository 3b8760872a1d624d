package org.collab4j.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * How a server is started. The bearer token is a value, never a command-line argument: the
 * command reads it from a file or the environment ({@link #tokenFrom}).
 *
 * @param model  the model file; reload always reads this path, never one a client names
 * @param host   the address to bind (default 127.0.0.1)
 * @param port   the port (0 picks a free one)
 * @param dbUrl  the feedback database's JDBC URL (null: SQLite beside the model)
 * @param token  the bearer token for write and admin endpoints, or null (then admin endpoints are off)
 * @param allowedHosts   host names the Host header may name besides the loopback names and {@code host}
 * @param allowedOrigins origins (e.g. {@code https://app.example.org}) whose cross-origin requests are accepted
 */
public record ServerConfig(Path model, String host, int port, String dbUrl, String token, List<String> allowedHosts,
                           List<String> allowedOrigins) {
    /** Largest {@code n} a request may ask for. */
    public static final int MAX_N = 1000;
    /** Largest request body, in bytes. */
    public static final long MAX_BODY = 256 * 1024;
    /** Most ratings in one post. */
    public static final int MAX_RATINGS_PER_POST = 1000;
    /** Most Jetty threads (acceptor and selectors included): the bound on work in progress. */
    public static final int MAX_THREADS = 32;
    /** Jetty threads kept even when idle. */
    public static final int MIN_THREADS = 4;
    /** Most tasks (connections ready to be read) waiting for a Jetty thread; beyond it a connection is closed. */
    public static final int MAX_QUEUED = 512;
    /** Most requests worked on at once (a turn is taken after the Host, Origin and Content-Type checks). */
    public static final int MAX_CONCURRENT = 16;
    /** How long a request waits for a turn before a 503 with Retry-After. */
    public static final long QUEUE_WAIT_MS = 250;
    /** A connection idle this long (including a body that stops arriving) is closed. */
    public static final long IDLE_TIMEOUT_MS = 15_000;
    /** The listening socket's backlog of connections not yet accepted. */
    public static final int ACCEPT_QUEUE = 256;
    /** The environment variable holding the token when no token file is given. */
    public static final String TOKEN_ENV = "COLLAB4J_TOKEN";

    public ServerConfig {
        if (model == null) throw new IllegalArgumentException("a model file is required");
        if (host == null || host.isBlank()) host = "127.0.0.1";
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        if (token != null && token.isBlank()) token = null;
        if (token != null && token.length() < 16)
            throw new IllegalArgumentException("the bearer token is too short (" + token.length() + " characters); use at least 16");
        allowedHosts = List.copyOf(allowedHosts == null ? List.of() : allowedHosts);
        allowedOrigins = List.copyOf(allowedOrigins == null ? List.of() : allowedOrigins);
        for (String h : allowedHosts)
            if (h.isBlank() || Guard.hostName(h) == null || h.contains(":") && !h.startsWith("["))
                throw new IllegalArgumentException("--allowed-host takes a host name without a port (e.g. recs.example.org), got '" + h + "'");
        for (String o : allowedOrigins)
            if (!o.matches("https?://[^/?#\\s]+"))
                throw new IllegalArgumentException("--allowed-origin takes an origin, scheme://host[:port] with no path (e.g. https://app.example.org), got '"
                        + o + "'");
        if (!isLoopback(host) && token == null)
            throw new IllegalArgumentException("binding to " + host + " (not loopback) needs a bearer token for the write and admin"
                    + " endpoints: give --token-file FILE or set " + TOKEN_ENV);
    }

    /** A server with no extra host names or origins. */
    public ServerConfig(Path model, String host, int port, String dbUrl, String token) {
        this(model, host, port, dbUrl, token, List.of(), List.of());
    }

    public static ServerConfig local(Path model, int port) {
        return new ServerConfig(model, "127.0.0.1", port, null, null);
    }

    public String effectiveDbUrl() {
        return dbUrl != null ? dbUrl : FeedbackStore.defaultUrl(model);
    }

    /** Whether write and admin endpoints need the bearer token (always when one is configured). */
    public boolean tokenRequired() {
        return token != null;
    }

    /** Whether {@code host} names only this machine. */
    public static boolean isLoopback(String host) {
        if (host.equals("localhost")) return true;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The token from a file (first line, trimmed) or else from {@value #TOKEN_ENV}; null when neither. */
    public static String tokenFrom(Path file) throws java.io.IOException {
        if (file != null) {
            String s = java.nio.file.Files.readString(file).strip();
            int nl = s.indexOf('\n');
            s = nl >= 0 ? s.substring(0, nl).strip() : s;
            if (s.isEmpty()) throw new IllegalArgumentException("the token file " + file + " is empty");
            return s;
        }
        String env = System.getenv(TOKEN_ENV);
        return env == null || env.isBlank() ? null : env.strip();
    }
}
