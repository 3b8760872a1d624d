package org.collab4j.data;

/**
 * What a load saw besides the ratings it kept: lines skipped as malformed (with
 * {@code --skip-bad-lines}), repeated (user, item) pairs (the last rating wins), and the time taken.
 */
public record LoadReport(String source, long lines, long badLinesSkipped, long duplicatesReplaced, double seconds) {
    public static LoadReport none(String source) {
        return new LoadReport(source, 0, 0, 0, 0);
    }
}
