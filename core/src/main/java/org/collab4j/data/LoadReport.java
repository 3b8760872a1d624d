package org.collab4j.data;

/**
 * What a load saw besides the ratings it kept: lines skipped as malformed (with
 * {@code --skip-bad-lines}), repeated (user, item) pairs (the last rating wins), and the time taken.
 * An interaction log's repeated events are summed instead ({@link InteractionLog#aggregate}), and
 * counted in {@code duplicatesSummed}. {@code valueColumn} says what the value column held:
 * {@code rating}, {@code count} (event weights: plays, quantities) or {@code none} (every line
 * weighs 1).
 */
public record LoadReport(String source, long lines, long badLinesSkipped, long duplicatesReplaced, double seconds,
                         long duplicatesSummed, String valueColumn) {
    public LoadReport(String source, long lines, long badLinesSkipped, long duplicatesReplaced, double seconds) {
        this(source, lines, badLinesSkipped, duplicatesReplaced, seconds, 0, "rating");
    }

    public static LoadReport none(String source) {
        return new LoadReport(source, 0, 0, 0, 0);
    }

    /** Whether the file was an interaction log (a count column, or no value column) rather than ratings. */
    public boolean implicit() {
        return !"rating".equals(valueColumn);
    }

    /** The same report, with {@code n} repeated events summed. */
    public LoadReport withDuplicatesSummed(long n) {
        return new LoadReport(source, lines, badLinesSkipped, duplicatesReplaced, seconds, n, valueColumn);
    }
}
