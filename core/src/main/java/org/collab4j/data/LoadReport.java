package org.collab4j.data;

import java.util.List;

/**
 * What a load saw besides the ratings it kept: lines skipped as malformed (with
 * {@code --skip-bad-lines}), repeated (user, item) pairs (the last rating wins), the time taken,
 * the rating scale in use and where it came from, and notes a person should read (a byte-order
 * mark skipped, an inferred scale that does not look like a rating scale). An interaction log's
 * repeated events are summed instead ({@link InteractionLog#aggregate}), and counted in
 * {@code duplicatesSummed}. {@code valueColumn} says what the value column held: {@code rating},
 * {@code count} (event weights: plays, quantities) or {@code none} (every line weighs 1).
 *
 * @param scale       the scale of the ratings (null in reports not made by a loader)
 * @param scaleSource where {@code scale} came from (null with it)
 * @param notes       one sentence each, in the order seen; never null
 */
public record LoadReport(String source, long lines, long badLinesSkipped, long duplicatesReplaced, double seconds,
                         RatingScale scale, ScaleSource scaleSource, List<String> notes, long duplicatesSummed,
                         String valueColumn) {

    /** Where a load's rating scale came from. */
    public enum ScaleSource {
        /** Declared in the load options ({@code --rating-scale}). */
        DECLARED("declared"),
        /** Known for the layout: MovieLens' stars. */
        FORMAT("MovieLens' scale"),
        /** Inferred from the lowest and highest rating of the data. */
        DATA("from the lowest and highest rating; --rating-scale MIN,MAX declares it");

        private final String description;

        ScaleSource(String description) {
            this.description = description;
        }

        /** How a person is told, e.g. {@code declared}. */
        public String description() {
            return description;
        }
    }

    public LoadReport {
        notes = notes == null ? List.of() : List.copyOf(notes);
        if ((scale == null) != (scaleSource == null)) throw new IllegalArgumentException("a scale needs its source, and a source its scale");
        if (valueColumn == null) valueColumn = "rating";
    }

    /** A report without a scale or notes. */
    public LoadReport(String source, long lines, long badLinesSkipped, long duplicatesReplaced, double seconds) {
        this(source, lines, badLinesSkipped, duplicatesReplaced, seconds, null, null, List.of(), 0, "rating");
    }

    public static LoadReport none(String source) {
        return new LoadReport(source, 0, 0, 0, 0);
    }

    /** E.g. {@code rating scale 1..5 (declared)}; null without a scale. */
    public String scaleLine() {
        return scale == null ? null : "rating scale " + scale + " (" + scaleSource.description() + ")";
    }

    /** Whether the file was an interaction log (a count column, or no value column) rather than ratings. */
    public boolean implicit() {
        return !"rating".equals(valueColumn);
    }

    /** The same report, with {@code n} repeated events summed. */
    public LoadReport withDuplicatesSummed(long n) {
        return new LoadReport(source, lines, badLinesSkipped, duplicatesReplaced, seconds, scale, scaleSource, notes, n, valueColumn);
    }
}
