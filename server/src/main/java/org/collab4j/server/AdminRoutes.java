package org.collab4j.server;

import io.javalin.http.Context;

/** {@code POST /v1/admin/reload}: only with the bearer token (see {@link Guard#authorizeAdmin}). */
final class AdminRoutes {
    record Reloaded(long modelVersion, int users, int items) {
    }

    private final ServerState state;
    private final Guard guard;

    AdminRoutes(ServerState state, Guard guard) {
        this.state = state;
        this.guard = guard;
    }

    void reload(Context ctx) {
        guard.authorizeAdmin(ctx);
        ServingModel m = state.reload();
        Requests.send(ctx, 200, new Reloaded(m.version, m.model.numUsers(), m.model.numItems()));
    }
}
