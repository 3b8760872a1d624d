package org.collab4j.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which side information a model takes as input, by source and column name:
 * {@code user:age,gender,occupation item:genres,year time:weekday}. Groups are separated by
 * spaces or semicolons; {@code all} (alone or as a group's list, {@code user:all}) takes every
 * column available. Time features are derived from the rating's timestamp (UTC):
 * {@code year}, {@code month}, {@code weekday}, {@code hour} (categories) and
 * {@code days_since_release} (a number: days between the item's release date and the rating).
 */
public record FeatureSpec(Map<String, List<String>> groups) {
    public static final List<String> SOURCES = List.of("user", "item", "time");
    public static final String ALL = "all";

    public FeatureSpec {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        groups.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        groups = java.util.Collections.unmodifiableMap(copy);
    }

    /** No side information. */
    public static FeatureSpec none() {
        return new FeatureSpec(Map.of());
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** The names asked for from {@code source} (may be {@code [all]}), or an empty list. */
    public List<String> names(String source) {
        return groups.getOrDefault(source, List.of());
    }

    /** Parses {@code user:a,b item:c time:d} (or with {@code ;}), or {@code all}; null or blank gives none. */
    public static FeatureSpec parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) return none();
        Map<String, List<String>> g = new LinkedHashMap<>();
        if (text.trim().equalsIgnoreCase(ALL)) {
            for (String s : SOURCES) g.put(s, List.of(ALL));
            return new FeatureSpec(g);
        }
        for (String group : text.trim().split("[;\\s]+")) {
            if (group.isEmpty()) continue;
            int colon = group.indexOf(':');
            if (colon <= 0)
                throw new IllegalArgumentException("--features: expected SOURCE:NAME,NAME (sources: user, item, time) or 'all', got '" + group + "'");
            String source = group.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (!SOURCES.contains(source))
                throw new IllegalArgumentException("--features: unknown source '" + source + "' in '" + group + "'; expected user, item or time");
            List<String> names = new ArrayList<>(g.getOrDefault(source, List.of()));
            for (String n : group.substring(colon + 1).split(",")) {
                String t = n.trim();
                if (t.isEmpty()) continue;
                if (!names.contains(t)) names.add(t);
            }
            if (names.isEmpty()) throw new IllegalArgumentException("--features: no names after '" + source + ":'");
            g.put(source, names);
        }
        return new FeatureSpec(g);
    }

    /** The canonical text form (parsable by {@link #parse}). */
    @Override
    public String toString() {
        if (groups.isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        groups.forEach((k, v) -> b.append(b.length() > 0 ? ";" : "").append(k).append(':').append(String.join(",", v)));
        return b.toString();
    }
}
