package org.collab4j.server;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import org.collab4j.data.ItemInfo;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.ScoredItem;

/** {@code GET /v1/items?q=}, {@code GET /v1/items/{id}} and {@code GET /v1/items/{id}/similar}. */
final class ItemRoutes {
    record Similar(String item, String title, List<Neighbour> similar) {
    }

    record Neighbour(String item, String title, float similarity) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(String item, String title, Integer year, List<String> genres, int ratings) {
    }

    record Search(String query, List<Hit> items) {
    }

    record Hit(String item, String title, int ratings) {
    }

    private final ServerState state;

    ItemRoutes(ServerState state) {
        this.state = state;
    }

    void similar(Context ctx) {
        ServingModel m = state.model();
        int i = item(m, ctx);
        int n = Requests.n(ctx, 10, ServerConfig.MAX_N);
        List<ScoredItem> sims = m.similar(i, n, Requests.minRatings(ctx, Recommendations.SIMILAR_MIN_RATINGS));
        List<Neighbour> out = sims.stream().map(s -> new Neighbour(s.item(), s.title(), s.score())).toList();
        Requests.send(ctx, 200, new Similar(m.model.itemIds().id(i), m.model.title(i), out));
    }

    void item(Context ctx) {
        ServingModel m = state.model();
        int i = item(m, ctx);
        ItemInfo info = m.model.itemInfo();
        Integer year = null;
        List<String> genres = null;
        if (info != null) {
            int y = info.year(i);
            if (y > 0) year = y;
            genres = new ArrayList<>();
            int[] gs = info.genres(i);
            if (gs != null) for (int x : gs) genres.add(info.genreNames()[x]);
        }
        Requests.send(ctx, 200, new Item(m.model.itemIds().id(i), m.model.title(i), year, genres, m.model.itemCount(i)));
    }

    void search(Context ctx) {
        ServingModel m = state.model();
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) throw new ApiError(400, "give the text to search for: GET /v1/items?q=TEXT");
        if (q.length() > 200) throw new ApiError(400, "search text too long (" + q.length() + " characters, at most 200)");
        int n = Requests.n(ctx, 20, ServerConfig.MAX_N);
        List<Hit> hits = new ArrayList<>();
        ItemInfo info = m.model.itemInfo();
        if (info != null) {
            List<Integer> found = info.searchTitle(q);
            for (int k = 0; k < Math.min(n, found.size()); k++) hits.add(hit(m, found.get(k)));
        } else {
            int i = m.model.itemIds().index(q.trim());
            if (i >= 0) hits.add(hit(m, i));
        }
        Requests.send(ctx, 200, new Search(q, hits));
    }

    private static Hit hit(ServingModel m, int i) {
        return new Hit(m.model.itemIds().id(i), m.model.title(i), m.model.itemCount(i));
    }

    private static int item(ServingModel m, Context ctx) {
        String id = Requests.pathId(ctx, "item");
        int i = m.model.itemIds().index(id);
        if (i < 0) throw new ApiError(404, "unknown item '" + id + "': the model has no item with this id (search titles with GET /v1/items?q=TEXT)");
        return i;
    }
}
