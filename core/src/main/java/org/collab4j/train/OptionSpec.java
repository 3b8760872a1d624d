package org.collab4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One model-specific option ({@code --set KEY=VALUE}): its key, the type of its value, its
 * default, its bounds and what it does, and the spellings it was once known by (still accepted,
 * with a deprecation note). An algorithm declares its options as a list of these
 * ({@link Algorithm#options()}); {@link OptionValues#parse} checks a configuration against them.
 *
 * @param key          kebab-case, e.g. {@code emb-drop}; a key in capitals with a dot ({@code MODEL.KEY})
 *                     is a placeholder for a family of keys, shown in help and never matched as given
 * @param kind         the type of the value
 * @param element      for a {@link Kind#LIST}, the type of each element ({@code INT}, {@code DOUBLE} or
 *                     {@code STRING}); null otherwise
 * @param defaultValue the default as the user would write it, or null when it is derived from other
 *                     settings (the description then says how)
 * @param range        bounds of a number, or of each number of a list; {@link Range#ANY} otherwise
 * @param choices      the values of an {@link Kind#ENUM}; empty otherwise
 * @param description  what the option does, one line for {@code collab4j models}
 * @param aliases      older spellings, accepted with a deprecation note
 */
public record OptionSpec(String key, Kind kind, Kind element, String defaultValue, Range range, List<String> choices, String description,
                         List<String> aliases) {
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z]+(\\.[A-Z]+)+");

    /** The type of an option's value. */
    public enum Kind {
        INT("a whole number"), DOUBLE("a number"), BOOLEAN("true or false"), STRING("text"), ENUM("one of the choices"), LIST("a list");

        private final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    /**
     * Bounds of a number: {@code min} and {@code max}, each included unless marked open.
     * Infinite bounds are no bounds; NaN and infinite values are refused whatever the range.
     */
    public record Range(double min, boolean minOpen, double max, boolean maxOpen) {
        public static final Range ANY = new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

        public Range {
            if (!(min <= max)) throw new IllegalArgumentException("empty range: min " + min + " > max " + max);
        }

        /** {@code [min, inf)}. */
        public static Range atLeast(double min) {
            return new Range(min, false, Double.POSITIVE_INFINITY, false);
        }

        /** {@code (min, inf)}. */
        public static Range above(double min) {
            return new Range(min, true, Double.POSITIVE_INFINITY, false);
        }

        /** {@code [0, 1)}: a dropout or a share held out. */
        public static Range probability() {
            return new Range(0, false, 1, true);
        }

        public boolean contains(double x) {
            if (!Double.isFinite(x)) return false;
            return (minOpen ? x > min : x >= min) && (maxOpen ? x < max : x <= max);
        }

        /** The bounds as a reader would write them: {@code >= 0}, {@code > 0}, {@code in [0, 1)}, or empty. */
        public String describe() {
            boolean lo = Double.isFinite(min), hi = Double.isFinite(max);
            if (lo && hi) return "in " + (minOpen ? "(" : "[") + number(min) + ", " + number(max) + (maxOpen ? ")" : "]");
            if (lo) return (minOpen ? "> " : ">= ") + number(min);
            if (hi) return (maxOpen ? "< " : "<= ") + number(max);
            return "";
        }

        private static String number(double x) {
            return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
        }
    }

    public OptionSpec {
        if (key == null || !(KEBAB.matcher(key).matches() || PLACEHOLDER.matcher(key).matches()))
            throw new IllegalArgumentException("option key must be kebab-case (e.g. emb-drop), got '" + key + "'");
        if (kind == null) throw new IllegalArgumentException(key + ": no kind");
        if ((kind == Kind.LIST) != (element != null))
            throw new IllegalArgumentException(key + ": a list option, and only a list option, names the type of its elements");
        if (element != null && element != Kind.INT && element != Kind.DOUBLE && element != Kind.STRING)
            throw new IllegalArgumentException(key + ": list elements are INT, DOUBLE or STRING, got " + element);
        range = range == null ? Range.ANY : range;
        choices = choices == null ? List.of() : List.copyOf(choices);
        if ((kind == Kind.ENUM) == choices.isEmpty()) throw new IllegalArgumentException(key + ": an enum option, and only an enum option, has choices");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        if (description == null || description.isBlank()) throw new IllegalArgumentException(key + ": no description");
        // a default must be a valid value (checked on a copy: this record's fields are not set yet)
        if (defaultValue != null) new OptionSpec(key, kind, element, null, range, choices, description, aliases).parse(null, key, defaultValue);
    }

    /** A whole-number option of at least {@code min}; {@code def} null when derived. */
    public static OptionSpec integer(String key, Integer def, int min, String description) {
        return new OptionSpec(key, Kind.INT, null, def == null ? null : def.toString(), Range.atLeast(min), null, description, null);
    }

    /** A number within {@code range}; {@code def} null when derived. */
    public static OptionSpec number(String key, Double def, Range range, String description) {
        return new OptionSpec(key, Kind.DOUBLE, null, def == null ? null : Range.number(def), range, null, description, null);
    }

    /** True or false; {@code def} null when derived. */
    public static OptionSpec bool(String key, Boolean def, String description) {
        return new OptionSpec(key, Kind.BOOLEAN, null, def == null ? null : def.toString(), null, null, description, null);
    }

    /** Free text (a file, a feature list); {@code def} null when absent means "none". */
    public static OptionSpec text(String key, String def, String description) {
        return new OptionSpec(key, Kind.STRING, null, def, null, null, description, null);
    }

    /** One of {@code choices}. */
    public static OptionSpec choice(String key, String def, List<String> choices, String description) {
        return new OptionSpec(key, Kind.ENUM, null, def, null, choices, description, null);
    }

    /** A comma-separated list of {@code element}s (each number within {@code range}). */
    public static OptionSpec list(String key, Kind element, String def, Range range, String description) {
        return new OptionSpec(key, Kind.LIST, element, def, range, null, description, null);
    }

    /** This option, also accepted under the older spellings {@code old} (with a deprecation note). */
    public OptionSpec alias(String... old) {
        List<String> a = new ArrayList<>(aliases);
        a.addAll(List.of(old));
        return new OptionSpec(key, kind, element, defaultValue, range, choices, description, a);
    }

    /** Whether {@code k} names this option: its key, one of its older spellings, or its key in snake_case. */
    public boolean answersTo(String k) {
        return !isPlaceholder() && (key.equals(k) || aliases.contains(k) || key.replace('-', '_').equals(k));
    }

    /** Whether this is a placeholder for a family of keys ({@code MODEL.KEY}) rather than a key. */
    public boolean isPlaceholder() {
        return PLACEHOLDER.matcher(key).matches();
    }

    /** The type, as {@code collab4j models} shows it: {@code int >= 1}, {@code number in [0, 1)}, {@code dense|lazy}, ... */
    public String type() {
        String bounds = range.describe();
        String b = bounds.isEmpty() ? "" : " " + bounds;
        switch (kind) {
            case INT: return "int" + b;
            case DOUBLE: return "number" + b;
            case BOOLEAN: return "true|false";
            case ENUM: return String.join("|", choices);
            case LIST: return (element == Kind.INT ? "int" : element == Kind.DOUBLE ? "number" : "name") + b + ",...";
            default: return "text";
        }
    }

    /** The text given for this option in {@code extra}, under its key or one of its older spellings; null when absent. */
    public String textIn(Map<String, String> extra) {
        String v = extra.get(key);
        if (v != null) return v;
        for (String a : aliases) {
            v = extra.get(a);
            if (v != null) return v;
        }
        return null;
    }

    /**
     * The value given in {@code extra} (under any spelling), else the default, typed as
     * {@link #parse} returns it; null when neither. {@code who} starts error messages (a model's
     * name), null for "--set".
     */
    public Object valueIn(String who, Map<String, String> extra) {
        String v = textIn(extra);
        if (v != null) return parse(who, given(extra), v);
        return defaultValue == null ? null : parse(who, key, defaultValue);
    }

    private String given(Map<String, String> extra) {
        if (extra.containsKey(key)) return key;
        for (String a : aliases) if (extra.containsKey(a)) return a;
        return key;
    }

    /**
     * Parses {@code text}: an {@link Integer}, {@link Double}, {@link Boolean}, {@link String}
     * (text and enum), or for a list an {@code int[]}, {@code double[]} or {@code List<String>}.
     * A value of the wrong type or out of bounds is an error naming the model ({@code who}), the
     * option as the user spelled it ({@code as}), what was expected and what was found.
     */
    public Object parse(String who, String as, String text) {
        String t = text.trim();
        switch (kind) {
            case INT: return integer(who, as, t, text, "must be " + Kind.INT.noun);
            case DOUBLE: return real(who, as, t, text, "must be " + Kind.DOUBLE.noun);
            case BOOLEAN:
                switch (t.toLowerCase(Locale.ROOT)) {
                    case "true": case "yes": case "on": case "1": return true;
                    case "false": case "no": case "off": case "0": return false;
                    default: throw bad(who, as, "must be true or false", text);
                }
            case ENUM:
                if (choices.contains(t)) return t;
                throw bad(who, as, "must be " + or(choices), text);
            case LIST: return list(who, as, text);
            default: return text;
        }
    }

    private Object list(String who, String as, String text) {
        String[] parts = text.split(",", -1);
        String what = element == Kind.INT ? "whole numbers" : element == Kind.DOUBLE ? "numbers" : "names";
        String expected = "must be " + what + (range.describe().isEmpty() ? "" : " " + range.describe()) + " separated by commas";
        if (element == Kind.STRING) {
            List<String> names = new ArrayList<>();
            for (String p : parts) {
                if (p.isBlank()) throw bad(who, as, expected, text);
                names.add(p.trim());
            }
            return List.copyOf(names);
        }
        if (element == Kind.INT) {
            int[] v = new int[parts.length];
            for (int j = 0; j < parts.length; j++) v[j] = integer(who, as, parts[j].trim(), text, expected);
            return v;
        }
        double[] v = new double[parts.length];
        for (int j = 0; j < parts.length; j++) v[j] = real(who, as, parts[j].trim(), text, expected);
        return v;
    }

    private int integer(String who, String as, String t, String text, String expected) {
        int x;
        try {
            x = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw bad(who, as, expected + withBounds(expected), text);
        }
        if (!range.contains(x)) throw bad(who, as, expected + withBounds(expected), text);
        return x;
    }

    private double real(String who, String as, String t, String text, String expected) {
        double x;
        try {
            x = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw bad(who, as, expected + withBounds(expected), text);
        }
        if (!range.contains(x)) throw bad(who, as, expected + withBounds(expected), text);
        return x;
    }

    /** The bounds after "must be a number", unless the message of a list already has them. */
    private String withBounds(String expected) {
        if (kind == Kind.LIST) return "";
        String b = range.describe();
        return b.isEmpty() ? "" : " " + b;
    }

    private static IllegalArgumentException bad(String who, String as, String expected, String text) {
        return new IllegalArgumentException((who == null ? "--set " : who + ": ") + as + " " + expected + ", got '" + text + "'");
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    static String or(List<String> words) {
        if (words.size() == 1) return words.get(0);
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
