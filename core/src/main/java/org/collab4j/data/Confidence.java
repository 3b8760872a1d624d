package org.collab4j.data;

import java.util.Locale;

/**
 * How much an observed interaction counts, from its summed weight {@code w} (plays, quantity, or
 * 1 per event): Hu, Koren and Volinsky (2008), "Collaborative Filtering for Implicit Feedback
 * Datasets", section 4.
 *
 * <ul>
 * <li>{@link Kind#NONE}: {@code c = w} (the weight itself; 1 for a plain log of events);</li>
 * <li>{@link Kind#LINEAR}: {@code c = 1 + alpha * w};</li>
 * <li>{@link Kind#LOG}: {@code c = 1 + alpha * log(1 + w / epsilon)}, which tames heavy users'
 * counts.</li>
 * </ul>
 *
 * @param kind    the rule
 * @param alpha   the rate of increase (Hu et al. use 40), positive
 * @param epsilon the count scale of the log rule (Hu et al. use 1e-8 with scaled counts), positive
 */
public record Confidence(Kind kind, double alpha, double epsilon) {
    /** The weight as it is. */
    public static final Confidence NONE = new Confidence(Kind.NONE, 1, 1);

    public enum Kind { NONE, LINEAR, LOG }

    public Confidence {
        if (kind == null) kind = Kind.NONE;
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("--alpha must be a positive number, got " + alpha);
        if (!(epsilon > 0) || Double.isInfinite(epsilon))
            throw new IllegalArgumentException("--epsilon must be a positive number, got " + epsilon);
    }

    public static Confidence linear(double alpha) {
        return new Confidence(Kind.LINEAR, alpha, 1);
    }

    public static Confidence log(double alpha, double epsilon) {
        return new Confidence(Kind.LOG, alpha, epsilon);
    }

    /** A rule by name ({@code none}, {@code linear}, {@code log}) with its parameters. */
    public static Confidence parse(String name, double alpha, double epsilon) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "linear" -> linear(alpha);
            case "log" -> log(alpha, epsilon);
            default -> throw new IllegalArgumentException("--confidence must be none, linear or log, got '" + name + "'");
        };
    }

    /** The confidence of an interaction of summed weight {@code w}. */
    public float apply(float w) {
        return switch (kind) {
            case NONE -> w;
            case LINEAR -> (float) (1 + alpha * w);
            case LOG -> (float) (1 + alpha * Math.log1p(w / epsilon));
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case LINEAR -> "linear(alpha " + alpha + ")";
            case LOG -> "log(alpha " + alpha + ", epsilon " + epsilon + ")";
        };
    }
}
