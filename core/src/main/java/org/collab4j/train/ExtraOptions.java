package org.collab4j.train;

import java.util.Map;

/**
 * Typed access to a model's own options ({@code --set KEY=VALUE}, {@link TrainConfig#extra()}),
 * with messages that name the model, the option and the bad value. Unknown keys are refused
 * with the list of known ones.
 */
public final class ExtraOptions {
    private final String model;
    private final TrainConfig config;

    /** Checks that every extra option of {@code config} is one of {@code known} (name -> description). */
    public ExtraOptions(String model, TrainConfig config, Map<String, String> known) {
        this.model = model;
        this.config = config;
        for (String key : new java.util.TreeSet<>(config.extra().keySet())) // sorted: the same message every run
            if (!known.containsKey(key))
                throw new IllegalArgumentException("model " + model + " has no option '" + key + "'"
                        + (known.isEmpty() ? " (it takes none)" : "; its options: " + String.join(", ", known.keySet())));
    }

    public int getInt(String key, int def, int min) {
        String v = config.extra().get(key);
        if (v == null) return def;
        int x;
        try {
            x = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(model + ": " + key + " must be a whole number, got '" + v + "'");
        }
        if (x < min) throw new IllegalArgumentException(model + ": " + key + " must be at least " + min + ", got " + x);
        return x;
    }

    public double getDouble(String key, double def, double min) {
        String v = config.extra().get(key);
        if (v == null) return def;
        double x;
        try {
            x = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(model + ": " + key + " must be a number, got '" + v + "'");
        }
        if (!(x >= min) || Double.isInfinite(x))
            throw new IllegalArgumentException(model + ": " + key + " must be a number of at least " + min + ", got " + v);
        return x;
    }

    public boolean getBoolean(String key, boolean def) {
        String v = config.extra().get(key);
        if (v == null) return def;
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "1": case "on": return true;
            case "false": case "no": case "0": case "off": return false;
            default: throw new IllegalArgumentException(model + ": " + key + " must be true or false, got '" + v + "'");
        }
    }
}
