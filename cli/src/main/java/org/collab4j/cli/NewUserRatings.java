package org.collab4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A new user's ratings as typed ({@code item=rating,...}) or in a file (one {@code item,rating} a line). */
record NewUserRatings(String[] items, float[] values) {
    /** Parses {@code item=rating,item=rating}; a repeated item keeps its last rating. */
    static NewUserRatings parse(String text, String where) {
        Map<String, Float> m = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int eq = p.lastIndexOf('=');
            if (eq <= 0 || eq == p.length() - 1)
                throw new UserException(where + ": '" + p + "' is not item=rating (e.g. --ratings 50=5,172=4)");
            m.remove(p.substring(0, eq).trim());
            m.put(p.substring(0, eq).trim(), number(p.substring(eq + 1).trim(), where + ": '" + p + "'"));
        }
        if (m.isEmpty()) throw new UserException(where + ": no ratings given (expected item=rating,...)");
        return of(m);
    }

    /** Reads one {@code item,rating} (comma, tab, '=' or '::' separated) a line; '#' starts a comment; a header line is skipped. */
    static NewUserRatings read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Float> m = new LinkedHashMap<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("::|[,\\t=]");
            if (f.length < 2)
                throw new UserException(file + ":" + (ln + 1) + ": '" + line + "' is not 'item,rating'");
            String v = f[1].trim();
            if (ln == 0 && !v.isEmpty() && !Character.isDigit(v.charAt(0)) && v.charAt(0) != '-' && v.charAt(0) != '.') continue; // header
            m.remove(f[0].trim());
            m.put(f[0].trim(), number(v, file + ":" + (ln + 1) + ": rating '" + v + "'"));
        }
        if (m.isEmpty()) throw new UserException(file + ": no ratings found (expected one 'item,rating' a line)");
        return of(m);
    }

    private static float number(String s, String where) {
        try {
            float v = Float.parseFloat(s);
            if (!Float.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new UserException(where + " is not a number");
        }
    }

    private static NewUserRatings of(Map<String, Float> m) {
        List<String> ids = new ArrayList<>(m.keySet());
        float[] v = new float[ids.size()];
        for (int j = 0; j < v.length; j++) v[j] = m.get(ids.get(j));
        return new NewUserRatings(ids.toArray(new String[0]), v);
    }
}
