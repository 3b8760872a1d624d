package org.collab4j.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model's own options ({@code --set KEY=VALUE}, {@link TrainConfig#extra()}) checked against
 * its {@link OptionSpec}s, typed. {@link #parse} refuses an unknown key with the model's name, a
 * "did you mean" for a near miss and the list of its keys; refuses a bad value with the option's
 * name, what it expects and what it got; and accepts an older spelling of a key (its declared
 * {@link OptionSpec#aliases()}, and the snake_case spelling of any kebab-case key), noting it in
 * {@link #warnings()} (core prints nothing: the caller shows them).
 */
public final class OptionValues {
    /** The options every model takes as flags ({@code --factors} ...), named when given to {@code --set} by mistake. */
    private static final List<String> SHARED = List.of("factors", "epochs", "lr", "wd", "bs", "optimizer", "schedule", "y-range", "threads", "seed");

    private final String model;
    private final Map<String, OptionSpec> specs;
    private final Map<String, Object> given;
    private final Map<String, String> canonical;
    private final List<String> warnings;

    private OptionValues(String model, Map<String, OptionSpec> specs, Map<String, Object> given, Map<String, String> canonical,
                         List<String> warnings) {
        this.model = model;
        this.specs = specs;
        this.given = given;
        this.canonical = canonical;
        this.warnings = List.copyOf(warnings);
    }

    /** Checks {@code config}'s model options against {@code specs} for the model named {@code model}. */
    public static OptionValues parse(String model, List<OptionSpec> specs, TrainConfig config) {
        return parse(model, specs, config.extra());
    }

    /** Checks {@code extra} (key to text) against {@code specs} for the model named {@code model}. */
    public static OptionValues parse(String model, List<OptionSpec> specs, Map<String, String> extra) {
        Map<String, OptionSpec> byKey = new LinkedHashMap<>();
        Map<String, OptionSpec> byAlias = new LinkedHashMap<>();
        for (OptionSpec s : specs) {
            if (s.isPlaceholder()) continue;
            if (byKey.put(s.key(), s) != null) throw new IllegalArgumentException(model + " declares option " + s.key() + " twice");
            for (String a : s.aliases()) byAlias.put(a, s);
        }
        // keys were once snake_case in places: the snake_case spelling of any key is an older one
        for (OptionSpec s : byKey.values()) if (s.key().contains("-")) byAlias.putIfAbsent(s.key().replace('-', '_'), s);
        Map<String, String> spelledAs = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String key : new TreeMap<>(extra).keySet()) { // sorted: the same message every run
            OptionSpec s = byKey.get(key);
            if (s == null) {
                s = byAlias.get(key);
                if (s == null) throw new IllegalArgumentException(unknown(model, key, specs));
                warnings.add(model + ": --set " + key + " is deprecated; use --set " + s.key());
            }
            String before = spelledAs.put(s.key(), key);
            if (before != null) throw new IllegalArgumentException(model + ": " + before + " and " + key + " are the same option; give one");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        Map<String, String> canonical = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : extra.entrySet()) { // the caller's order
            OptionSpec s = byKey.containsKey(e.getKey()) ? byKey.get(e.getKey()) : byAlias.get(e.getKey());
            given.put(s.key(), s.parse(model, e.getKey(), e.getValue()));
            canonical.put(s.key(), e.getValue());
        }
        return new OptionValues(model, byKey, given, canonical, warnings);
    }

    /** The message for an unknown key: the model, a near miss if there is one, the keys it has. */
    static String unknown(String model, String key, List<OptionSpec> specs) {
        List<String> keys = new ArrayList<>(), matchable = new ArrayList<>();
        for (OptionSpec s : specs) {
            keys.add(s.key());
            if (!s.isPlaceholder()) matchable.add(s.key());
        }
        StringBuilder m = new StringBuilder("model " + model + " has no option '" + key + "'");
        List<String> near = nearMisses(key, matchable);
        if (!near.isEmpty()) m.append(" (did you mean ").append(OptionSpec.or(near)).append("?)");
        if (keys.isEmpty()) m.append(" (it takes none)");
        else m.append("; its options: ").append(String.join(", ", keys));
        if (SHARED.contains(key) && !keys.contains(key)) m.append("; ").append(key).append(" is shared by every model: give --").append(key);
        return m.toString();
    }

    /**
     * The keys closest to {@code key} when they are near misses: at most two edits apart
     * (insertions, deletions, substitutions, swaps of neighbours), and fewer edits than either
     * word has letters, once case, {@code _} for {@code -} and British for American spellings
     * ({@code regularisation}, {@code centre}) are set aside. Ties keep the declared order.
     */
    public static List<String> nearMisses(String key, Collection<String> known) {
        String k = normalise(key);
        int best = Integer.MAX_VALUE;
        List<String> near = new ArrayList<>();
        for (String c : known) {
            String n = normalise(c);
            int d = distance(k, n);
            if (d > 2 || d >= Math.min(k.length(), n.length())) continue;
            if (d < best) {
                best = d;
                near.clear();
            }
            if (d == best) near.add(c);
        }
        return near;
    }

    /** Lower case, {@code -} for {@code _} and blanks, American for British spellings. */
    static String normalise(String key) {
        String s = key.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        StringBuilder out = new StringBuilder();
        for (String w : s.split("-", -1)) {
            if (out.length() > 0) out.append('-');
            out.append(american(w));
        }
        return out.toString();
    }

    private static String american(String w) {
        w = w.replace("isation", "ization").replace("ising", "izing").replace("ised", "ized");
        if (w.endsWith("ise") && w.length() > 4) w = w.substring(0, w.length() - 3) + "ize";
        if (w.endsWith("our") && w.length() > 4) w = w.substring(0, w.length() - 3) + "or";
        if (w.endsWith("tre") && w.length() > 4) w = w.substring(0, w.length() - 3) + "ter";
        if (w.endsWith("yse")) w = w.substring(0, w.length() - 3) + "yze";
        return w;
    }

    /** Edit distance with swaps of neighbouring letters (optimal string alignment). */
    static int distance(String a, String b) {
        int n = a.length(), m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++)
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                d[i][j] = v;
            }
        return d[n][m];
    }

    /** Deprecation notes, one per older spelling used, for the caller to show. */
    public List<String> warnings() {
        return warnings;
    }

    /** The options given, under their current keys, as text, in the order given. */
    public Map<String, String> canonical() {
        return java.util.Collections.unmodifiableMap(canonical);
    }

    /** Whether the option was given (rather than left at its default). */
    public boolean has(String key) {
        spec(key);
        return given.containsKey(key);
    }

    public int getInt(String key) {
        return (Integer) value(key, OptionSpec.Kind.INT);
    }

    public double getDouble(String key) {
        return (Double) value(key, OptionSpec.Kind.DOUBLE);
    }

    /** The number given, or {@code orElse} when it was not given (for a default derived from other settings). */
    public double getDouble(String key, double orElse) {
        return has(key) ? getDouble(key) : orElse;
    }

    /** A number read as a float from its text (as the float parameters it sets were always read). */
    public float getFloat(String key) {
        OptionSpec s = spec(key);
        value(key, OptionSpec.Kind.DOUBLE); // checks the kind and that there is a value
        return Float.parseFloat((given.containsKey(key) ? canonical.get(key) : s.defaultValue()).trim());
    }

    public boolean getBoolean(String key) {
        return (Boolean) value(key, OptionSpec.Kind.BOOLEAN);
    }

    /** Text or a choice; null when not given and without a default. */
    public String getString(String key) {
        OptionSpec s = spec(key);
        if (s.kind() != OptionSpec.Kind.STRING && s.kind() != OptionSpec.Kind.ENUM)
            throw new IllegalStateException(model + ": option " + key + " is " + s.kind() + ", not text");
        Object v = given.containsKey(key) ? given.get(key) : s.defaultValue() == null ? null : s.parse(model, key, s.defaultValue());
        return (String) v;
    }

    public int[] getInts(String key) {
        return ((int[]) list(key, OptionSpec.Kind.INT)).clone();
    }

    /** A list of numbers read as floats from their text. */
    public float[] getFloats(String key) {
        OptionSpec s = spec(key);
        list(key, OptionSpec.Kind.DOUBLE); // checks the kind and that there is a value
        String[] parts = (given.containsKey(key) ? canonical.get(key) : s.defaultValue()).split(",");
        float[] v = new float[parts.length];
        for (int j = 0; j < parts.length; j++) v[j] = Float.parseFloat(parts[j].trim());
        return v;
    }

    public double[] getDoubles(String key) {
        return ((double[]) list(key, OptionSpec.Kind.DOUBLE)).clone();
    }

    @SuppressWarnings("unchecked")
    public List<String> getStrings(String key) {
        return (List<String>) list(key, OptionSpec.Kind.STRING);
    }

    private Object list(String key, OptionSpec.Kind element) {
        OptionSpec s = spec(key);
        if (s.kind() != OptionSpec.Kind.LIST || s.element() != element)
            throw new IllegalStateException(model + ": option " + key + " is not a list of " + element);
        return present(s);
    }

    private Object value(String key, OptionSpec.Kind kind) {
        OptionSpec s = spec(key);
        if (s.kind() != kind) throw new IllegalStateException(model + ": option " + key + " is " + s.kind() + ", not " + kind);
        return present(s);
    }

    private Object present(OptionSpec s) {
        if (given.containsKey(s.key())) return given.get(s.key());
        if (s.defaultValue() == null)
            throw new IllegalStateException(model + ": option " + s.key() + " has no fixed default; check has() first");
        return s.parse(model, s.key(), s.defaultValue());
    }

    private OptionSpec spec(String key) {
        OptionSpec s = specs.get(key);
        if (s == null) throw new IllegalStateException(model + " reads option " + key + " without declaring it");
        return s;
    }
}
