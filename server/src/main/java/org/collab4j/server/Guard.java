package org.collab4j.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.javalin.http.Context;

/**
 * What every request passes before a route sees it, and what write routes add: the Host it
 * names must be one of this server's (against DNS rebinding), an Origin must be this server's
 * own or one configured (against cross-site requests), a POST must say it carries JSON (a
 * cross-site form cannot), write and admin routes check the bearer token, and a body is read
 * with its limit enforced while reading, whatever its transfer encoding. At most
 * {@link ServerConfig#MAX_CONCURRENT} requests are worked on at once; the next ones wait up to
 * {@link ServerConfig#QUEUE_WAIT_MS} ms for a turn, then are answered 503 with {@code Retry-After}.
 */
final class Guard {
    private static final String PERMIT = "collab4j.permit";
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private final ServerConfig config;
    private final byte[] token;
    private final Set<String> hosts;
    private final Set<String> origins;
    private final Semaphore working = new Semaphore(ServerConfig.MAX_CONCURRENT);

    Guard(ServerConfig config) {
        this.config = config;
        this.token = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
        Set<String> h = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        String bound = bare(config.host().toLowerCase(Locale.ROOT));
        if (!bound.equals("0.0.0.0") && !bound.equals("::")) h.add(bound);
        for (String a : config.allowedHosts()) h.add(bare(a.toLowerCase(Locale.ROOT)));
        this.hosts = Set.copyOf(h);
        Set<String> o = new LinkedHashSet<>();
        for (String a : config.allowedOrigins()) o.add(a.toLowerCase(Locale.ROOT));
        this.origins = Set.copyOf(o);
    }

    /** The checks of every request: Host, Origin, a POST's Content-Type, then a turn to be worked on. */
    void before(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || host.isBlank())
            throw new ApiError(400, "the request has no Host header");
        String name = hostName(host);
        if (name == null || !hosts.contains(name))
            throw new ApiError(421, "this server does not answer to the host '" + Requests.clip(host) + "'; it answers to "
                    + String.join(", ", hosts) + " (start it with --allowed-host NAME to add a name)");
        String origin = ctx.header("Origin");
        if (origin != null) {
            String o = origin.toLowerCase(Locale.ROOT);
            boolean same = o.equals("http://" + host.toLowerCase(Locale.ROOT));
            if (!same && !origins.contains(o))
                throw new ApiError(403, "cross-origin request from '" + Requests.clip(origin) + "' refused; start the server with"
                        + " --allowed-origin ORIGIN to accept one");
            if (!same) {
                ctx.header("Access-Control-Allow-Origin", origin);
                ctx.header("Vary", "Origin");
            }
        }
        String query = ctx.queryString();
        if (query != null && BAD_ESCAPE.matcher(query).find())
            throw new ApiError(400, "the query string has a malformed percent-escape (% must be followed by two hex digits)");
        if (ctx.method().name().equals("POST")) {
            String type = ctx.header("Content-Type");
            String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!media.equals(Requests.JSON_TYPE))
                throw new ApiError(415, "a POST must carry 'Content-Type: application/json'"
                        + (type == null ? " (none was given)" : ", got '" + Requests.clip(type) + "'"));
        }
        if (ctx.path().equals("/health")) return; // health answers even when the server is saturated
        try {
            if (!working.tryAcquire(ServerConfig.QUEUE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                ctx.header("Retry-After", "1");
                throw new ApiError(503, "the server is busy (" + ServerConfig.MAX_CONCURRENT + " requests in progress); try again in a second");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the server is shutting down");
        }
        ctx.attribute(PERMIT, Boolean.TRUE);
    }

    /** Gives back the request's turn (called once per request, after the reply). */
    void after(Context ctx) {
        if (ctx.attribute(PERMIT) != null) {
            ctx.attribute(PERMIT, null);
            working.release();
        }
    }

    /** Requests being worked on now (each holds a turn until its reply is sent). */
    int inProgress() {
        return ServerConfig.MAX_CONCURRENT - working.availablePermits();
    }

    /** A CORS preflight from a configured origin: which methods and headers it may use. */
    void preflight(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || !origins.contains(origin.toLowerCase(Locale.ROOT)))
            throw new ApiError(403, "cross-origin request refused (no --allowed-origin matches)");
        ctx.header("Access-Control-Allow-Methods", "GET, POST");
        ctx.header("Access-Control-Allow-Headers", "Content-Type, Authorization");
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
    }

    /** The host name of a Host header ({@code name[:port]} or {@code [v6][:port]}), lower case; null when malformed. */
    static String hostName(String header) {
        String h = header.trim().toLowerCase(Locale.ROOT);
        try {
            URI u = new URI("http://" + h + "/");
            if (u.getHost() == null || u.getUserInfo() != null || u.getRawPath() == null || !u.getRawPath().equals("/")) return null;
            return bare(u.getHost());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Write routes: the bearer token, when one is configured. */
    void authorizeWrite(Context ctx) {
        if (token != null) checkToken(ctx);
    }

    /**
     * Admin routes always need the token, on loopback too; without one configured they are
     * disabled (403), so a page in a local browser can never reach them.
     */
    void authorizeAdmin(Context ctx) {
        if (token == null)
            throw new ApiError(403, "admin endpoints are disabled: start the server with --token-file FILE (or "
                    + ServerConfig.TOKEN_ENV + ") and send 'Authorization: Bearer TOKEN'");
        checkToken(ctx);
    }

    private void checkToken(Context ctx) {
        String h = ctx.header("Authorization");
        String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, given == null ? "this endpoint needs 'Authorization: Bearer TOKEN'" : "the bearer token is not valid");
        }
    }

    /**
     * The request body, at most {@link ServerConfig#MAX_BODY} bytes: a declared length over it is
     * refused before reading, and a chunked (or undeclared) body is refused as soon as it passes
     * the limit, so no body is ever held whole beyond it. The connection is closed after a 413.
     */
    static byte[] body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > ServerConfig.MAX_BODY) throw tooLarge(ctx);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes((int) ServerConfig.MAX_BODY + 1);
            if (b.length > ServerConfig.MAX_BODY) throw tooLarge(ctx);
            return b;
        } catch (IOException e) {
            throw new ApiError(400, "the request body could not be read (cut off or malformed chunked encoding)");
        }
    }

    private static ApiError tooLarge(Context ctx) {
        ctx.header("Connection", "close");
        return new ApiError(413, "request body too large (at most " + ServerConfig.MAX_BODY + " bytes)");
    }
}
