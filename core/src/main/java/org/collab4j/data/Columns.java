package org.collab4j.data;

import java.util.Locale;

/**
 * The role of each field of a delimited line; parsed from names like {@code "user,item,rating,time"}.
 * The value column is a star rating ({@code rating}) or an event weight ({@code count}, alias
 * {@code weight}, {@code plays}, {@code quantity}, {@code clicks}) of an interaction log, and may be
 * left out (every line then weighs 1).
 */
final class Columns {
    static final byte SKIP = 0, USER = 1, ITEM = 2, RATING = 3, TIME = 4;

    final byte[] roles;
    final String spec;
    /** The value column holds event weights (counts) rather than ratings. */
    final boolean counts;

    private Columns(byte[] roles, String spec, boolean counts) {
        this.roles = roles;
        this.spec = spec;
        this.counts = counts;
    }

    static Columns parse(String spec) {
        String[] names = spec.split(",", -1);
        byte[] roles = new byte[names.length];
        boolean[] seen = new boolean[5];
        boolean counts = false;
        for (int i = 0; i < names.length; i++) {
            String n = names[i].trim().toLowerCase(Locale.ROOT);
            if (COUNT_NAMES.contains(n)) {
                counts = true;
                n = "count";
            }
            byte r = switch (n) {
                case "user" -> USER;
                case "item" -> ITEM;
                case "rating", "count" -> RATING;
                case "time", "timestamp" -> TIME;
                case "skip", "_", "" -> SKIP;
                default -> throw new IllegalArgumentException("unknown column name '" + names[i].trim()
                        + "' in columns '" + spec + "'; expected user, item, rating (or count), time or skip");
            };
            if (r == RATING && seen[r])
                throw new IllegalArgumentException("columns '" + spec + "' name two value columns; a line holds one value, a rating or a count");
            if (r != SKIP && seen[r]) throw new IllegalArgumentException("column '" + n + "' appears twice in columns '" + spec + "'");
            seen[r] = true;
            roles[i] = r;
        }
        if (!seen[USER] || !seen[ITEM])
            throw new IllegalArgumentException("columns '" + spec + "' must name user and item");
        return new Columns(roles, String.join(",", canonical(roles, counts)), counts);
    }

    /** Names of a value column that holds event weights (an interaction log) rather than ratings. */
    static final java.util.Set<String> COUNT_NAMES = java.util.Set.of("count", "weight", "plays", "quantity", "clicks");

    /** {@code rating}, {@code count} (event weights) or {@code none} (no value column: every line weighs 1). */
    String valueKind() {
        if (indexOf(RATING) < 0) return "none";
        return counts ? "count" : "rating";
    }

    /** Roles from a header's field names (userId, movieId, rating, timestamp and the like), or null. */
    static Columns fromHeader(String[] fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i].trim().replace("\"", "").toLowerCase(Locale.ROOT).replace("_", "");
            String role = switch (f) {
                case "user", "userid", "users", "uid", "customerid" -> "user";
                case "item", "itemid", "movie", "movieid", "items", "iid", "productid", "bookid", "isbn" -> "item";
                case "rating", "ratings", "score", "value", "stars", "bookrating" -> "rating";
                case "count", "weight", "plays", "playcount", "quantity", "clicks" -> "count";
                case "time", "timestamp", "date", "ts" -> "time";
                default -> "skip";
            };
            if (!role.equals("skip") && (sb.indexOf(role) >= 0 || (role.equals("count") && sb.indexOf("rating") >= 0)
                    || (role.equals("rating") && sb.indexOf("count") >= 0))) role = "skip";
            if (i > 0) sb.append(',');
            sb.append(role);
        }
        try {
            return parse(sb.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    int count() {
        return roles.length;
    }

    int indexOf(byte role) {
        for (int i = 0; i < roles.length; i++) if (roles[i] == role) return i;
        return -1;
    }

    private static String[] canonical(byte[] roles, boolean counts) {
        String[] s = new String[roles.length];
        for (int i = 0; i < roles.length; i++) s[i] = switch (roles[i]) {
            case USER -> "user";
            case ITEM -> "item";
            case RATING -> counts ? "count" : "rating";
            case TIME -> "time";
            default -> "skip";
        };
        return s;
    }

    @Override
    public String toString() {
        return spec;
    }
}
