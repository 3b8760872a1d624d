package org.collab4j.server;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.javalin.http.Context;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Recommendations;

/** The parts of a request every route reads the same way: ids in the path, {@code n}, the ranking parameters, replies. */
final class Requests {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@+\\-]{1,128}");
    static final String JSON_TYPE = "application/json";

    private Requests() {
    }

    /** A path parameter as an id; a malformed percent-escape or a character outside the id alphabet is 400. */
    static String pathId(Context ctx, String what) {
        String raw;
        try {
            raw = ctx.pathParam("id");
        } catch (IllegalArgumentException e) { // a percent-escape that does not decode (e.g. %uFFFF, %G1)
            throw new ApiError(400, what + " id is not valid: the path has a malformed percent-escape");
        }
        return id(raw, what);
    }

    static String id(String raw, String what) {
        if (raw == null || !ID.matcher(raw).matches())
            throw new ApiError(400, what + " id '" + clip(raw) + "' is not valid: use 1 to 128 letters, digits or . _ : @ + -");
        return raw;
    }

    static int n(Context ctx, int dflt, int max) {
        String s = ctx.queryParam("n");
        if (s == null) return dflt;
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1 && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiError(400, "n must be a whole number from 1 to " + max + ", got '" + clip(s) + "'");
    }

    /** The {@code diversity}, {@code explore} and {@code seed} query parameters, as the core's re-ranking options. */
    static Recommendations.Options ranking(Context ctx) {
        double diversity = unit(ctx, "diversity", "0 (plain ranking) to 1 (most diverse)");
        double explore = unit(ctx, "explore", "0 (none) to 1 (every position may go to a less-known item)");
        return new Recommendations.Options(diversity, explore, seed(ctx), List.of());
    }

    /**
     * The {@code rank_by} query parameter, the command line's {@code --rank-by}: {@code rating} or
     * {@code relevance}; null when not given (the core's default for the user).
     */
    static FoldIn.Ranking rankBy(Context ctx) {
        String s = ctx.queryParam("rank_by");
        if (s == null) return null;
        try {
            return FoldIn.Ranking.parse(s);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "rank_by must be 'rating' or 'relevance', got '" + clip(s) + "'",
                    Map.of("rank_by", List.of("rating", "relevance")));
        }
    }

    /** The {@code min_ratings} query parameter: the least training ratings of a similar item. */
    static int minRatings(Context ctx, int dflt) {
        String s = ctx.queryParam("min_ratings");
        if (s == null) return dflt;
        try {
            int v = Integer.parseInt(s.trim());
            if (v >= 0 && v <= 1_000_000_000) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiError(400, "min_ratings must be a whole number from 0 to 1000000000, got '" + clip(s) + "'");
    }

    private static double unit(Context ctx, String name, String range) {
        String s = ctx.queryParam(name);
        if (s == null || s.isBlank()) return 0;
        try {
            double v = Double.parseDouble(s.trim());
            if (v >= 0 && v <= 1) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiError(400, name + " must be a number from " + range + ", got '" + clip(s) + "'");
    }

    static long seed(Context ctx) {
        String s = ctx.queryParam("seed");
        if (s == null || s.isBlank()) return 42;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, "seed must be a whole number (64-bit), got '" + clip(s) + "'");
        }
    }

    /** At most 60 characters of what a client sent, for a message; control characters shown as '?'. */
    static String clip(String s) {
        if (s == null) return "";
        String c = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return c.replaceAll("\\p{Cntrl}", "?");
    }

    /** Answers {@code reply} (a record) as JSON with {@code status}. */
    static void send(Context ctx, int status, Object reply) {
        ctx.status(status).contentType(JSON_TYPE).result(Json.bytes(reply));
    }
}
