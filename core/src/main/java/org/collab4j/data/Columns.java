package org.collab4j.data;

import java.util.Locale;

/** The role of each field of a delimited line; parsed from names like {@code "user,item,rating,time"}. */
final class Columns {
    static final byte SKIP = 0, USER = 1, ITEM = 2, RATING = 3, TIME = 4;

    final byte[] roles;
    final String spec;

    private Columns(byte[] roles, String spec) {
        this.roles = roles;
        this.spec = spec;
    }

    static Columns parse(String spec) {
        String[] names = spec.split(",", -1);
        byte[] roles = new byte[names.length];
        boolean[] seen = new boolean[5];
        for (int i = 0; i < names.length; i++) {
            String n = names[i].trim().toLowerCase(Locale.ROOT);
            byte r = switch (n) {
                case "user" -> USER;
                case "item" -> ITEM;
                case "rating" -> RATING;
                case "time", "timestamp" -> TIME;
                case "skip", "_", "" -> SKIP;
                default -> throw new IllegalArgumentException("unknown column name '" + names[i].trim()
                        + "' in columns '" + spec + "'; expected user, item, rating, time or skip");
            };
            if (r != SKIP && seen[r]) throw new IllegalArgumentException("column '" + n + "' appears twice in columns '" + spec + "'");
            seen[r] = true;
            roles[i] = r;
        }
        if (!seen[USER] || !seen[ITEM] || !seen[RATING])
            throw new IllegalArgumentException("columns '" + spec + "' must name user, item and rating");
        return new Columns(roles, String.join(",", canonical(roles)));
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
                case "time", "timestamp", "date", "ts" -> "time";
                default -> "skip";
            };
            if (sb.indexOf(role) >= 0 && !role.equals("skip")) role = "skip";
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

    private static String[] canonical(byte[] roles) {
        String[] s = new String[roles.length];
        for (int i = 0; i < roles.length; i++) s[i] = switch (roles[i]) {
            case USER -> "user";
            case ITEM -> "item";
            case RATING -> "rating";
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
