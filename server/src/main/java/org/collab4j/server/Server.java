package org.collab4j.server;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collab4j HTTP service: recommendations (optionally re-ranked for diversity and
 * exploration), similar items, item search, rating feedback and, for a model of implicit
 * feedback, events (each stored first, then folded in), the
 * two onboarding paths (items to ask about; a new user from stated genres), model reload, health
 * and metrics, and the web page at {@code /}. JSON field names are those of the CLI's {@code --json}.
 * This class wires the routes ({@link UserRoutes}, {@link EventRoutes}, {@link ItemRoutes}, {@link OnboardingRoutes},
 * {@link AdminRoutes}, {@link HealthRoutes}) behind the {@link Guard} into Jetty.
 *
 * <p>Every request reads the served model once, at its start, so a reload never changes the
 * model under a request in flight. Every error, the application's or Jetty's own, is JSON
 * {@code {"error": message, "status": code}}, never a stack trace or an HTML page.
 */
public final class Server implements AutoCloseable {
    static final ObjectMapper JSON = Json.MAPPER;
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    private static final String ANSWERED = "collab4j.answered";

    private final ServerConfig config;
    private final ServerState state;
    private final Guard guard;
    private final Follower follower;
    private Javalin app;

    private Server(ServerConfig config, TrainedModel model, FeedbackStore store) {
        this.config = config;
        this.state = new ServerState(config, model, store);
        this.guard = new Guard(config);
        this.follower = new Follower(state);
    }

    /**
     * Loads the model, opens the feedback database (creating or migrating it, and refusing one it
     * cannot write), replays the stored ratings, events and stated users, follows what other
     * servers sharing the database store ({@link Follower}), and starts listening. Fails with a clear message
     * when any of it cannot be done.
     */
    public static Server start(ServerConfig config) throws IOException {
        TrainedModel model = ModelFile.read(config.model());
        FeedbackStore store = FeedbackStore.openForWriting(config.effectiveDbUrl());
        Server s = null;
        try {
            s = new Server(config, model, store);
            s.follower.start();
            s.listen();
            return s;
        } catch (RuntimeException e) {
            if (s != null) s.close();
            else store.close();
            throw e;
        }
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    public FeedbackStore store() {
        return state.store;
    }

    public long modelVersion() {
        return state.model().version;
    }

    private void listen() {
        UserRoutes users = new UserRoutes(state, guard);
        EventRoutes events = new EventRoutes(state, guard);
        ItemRoutes items = new ItemRoutes(state);
        OnboardingRoutes onboarding = new OnboardingRoutes(state);
        AdminRoutes admin = new AdminRoutes(state, guard);
        HealthRoutes health = new HealthRoutes(state, guard);
        QueuedThreadPool pool = new QueuedThreadPool(ServerConfig.MAX_THREADS, ServerConfig.MIN_THREADS, 60_000,
                new BlockingArrayQueue<>(ServerConfig.MAX_QUEUED, 0, ServerConfig.MAX_QUEUED));
        pool.setName("collab4j-http");
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = ServerConfig.MAX_BODY;
            cfg.http.prefer405over404 = true;
            cfg.http.disableCompression();
            cfg.jetty.threadPool = pool;
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.setRequestHeaderSize(8192);
                http.setUriCompliance(UriCompliance.DEFAULT);
                // run the route at once: a declared length over the limit is refused before any of the body arrives
                http.setDelayDispatchUntilContent(false);
            });
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(config.host());
                c.setPort(config.port());
                c.setIdleTimeout(ServerConfig.IDLE_TIMEOUT_MS);
                c.setAcceptQueueSize(ServerConfig.ACCEPT_QUEUE);
                return c;
            });
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/org/collab4j/server/web";
                sf.location = Location.CLASSPATH;
            });
            cfg.requestLogger.http((ctx, ms) -> {
                guard.after(ctx);
                state.metrics.observe(routeOf(ctx), ctx.statusCode(), ms / 1000.0);
            });
        });
        app.before(guard::before);
        app.after(guard::after); // also from the request logger: whichever runs first gives the turn back
        app.get("/health", health::health);
        app.get("/metrics", health::metrics);
        app.get("/v1/users/{id}/recommendations", users::recommendations);
        app.get("/v1/users/{id}/ratings", users::storedRatings);
        app.post("/v1/users/{id}/ratings", users::postRatings);
        app.get("/v1/users/{id}/events", events::storedEvents);
        app.post("/v1/users/{id}/events", events::postEvents);
        app.post("/v1/users", users::newUser);
        app.get("/v1/onboarding", onboarding::questions);
        app.get("/v1/items/{id}/similar", items::similar);
        app.get("/v1/items/{id}", items::item);
        app.get("/v1/items", items::search);
        app.post("/v1/admin/reload", admin::reload);
        for (String path : new String[] {"/v1/users/{id}/recommendations", "/v1/users/{id}/ratings", "/v1/users/{id}/events", "/v1/users", "/v1/onboarding",
                "/v1/items/{id}/similar", "/v1/items/{id}", "/v1/items", "/v1/admin/reload"})
            app.options(path, guard::preflight); // CORS preflights, for --allowed-origin
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage(), e.fields));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), statusMessage(ctx, e.getStatus()), Map.of()));
        app.exception(FeedbackStore.StoreException.class, (e, ctx) -> {
            LOG.warn("{} {}: {}", ctx.method(), routeOf(ctx), e.getMessage()); // store messages carry no row data
            if (e.retryable()) ctx.header("Retry-After", "1");
            error(ctx, 503, e.clientMessage(), Map.of());
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error on {} {}: {}", ctx.method(), routeOf(ctx), e.getClass().getName(), e);
            error(ctx, 500, "internal error (see the server log)", Map.of());
        });
        for (int status : new int[] {404, 405})
            app.error(status, ctx -> {
                if (ctx.attribute(ANSWERED) == null) error(ctx, status, statusMessage(ctx, status), Map.of());
            });
        app.start();
    }

    private static String statusMessage(Context ctx, int status) {
        return switch (status) {
            case 404 -> "no such endpoint: " + ctx.method() + " " + Requests.clip(ctx.path()) + " (see GET /health; the API is under /v1)";
            case 405 -> "method " + ctx.method() + " is not allowed on " + Requests.clip(ctx.path())
                    + " (GET reads, POST writes; see docs/serving.md)";
            default -> JsonErrorHandler.message(status, null);
        };
    }

    /** The matched route template ({@code /v1/items/{id}}), never the path a client sent. */
    private static String routeOf(Context ctx) {
        try {
            String p = ctx.endpointHandlerPath();
            return p == null || p.isEmpty() || p.equals("*") ? "other" : p;
        } catch (RuntimeException e) {
            return "other";
        }
    }

    /**
     * Reads the configured model file again and swaps it in atomically; requests in flight
     * finish on the old model. A file that cannot be read leaves the old model serving.
     */
    public ServingModelInfo reload() {
        ServingModel m = state.reload();
        return new ServingModelInfo(m.version, m.model.numUsers(), m.model.numItems());
    }

    /** Version and size of a served model. */
    public record ServingModelInfo(long version, int users, int items) {
    }

    private static void error(Context ctx, int status, String message, Map<String, Object> fields) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        Requests.send(ctx, status, new Replies.Error(message, status, fields));
    }

    /** Stops listening and closes the database (every acknowledged rating is already committed). */
    @Override
    public void close() {
        if (app != null) app.stop();
        follower.close();
        state.store.close();
    }
}
