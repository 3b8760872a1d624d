package org.collab4j.features;

/**
 * One encoded input of a model: a user, item or time feature, ready to feed an embedding (for
 * categories) or an input column (for numbers). Immutable; its arrays are shared, not copied.
 *
 * <ul>
 * <li>{@link Kind#CATEGORY} of a user or item: {@code codes[entity]} in {@code 0..vocab.length-1};</li>
 * <li>{@link Kind#CATEGORIES}: the codes of entity {@code e} are {@code codes[start[e] .. start[e+1])}
 *     (their embeddings are averaged);</li>
 * <li>{@link Kind#NUMBER} of a user or item: {@code values[entity]}, already standardised;</li>
 * <li>time features ({@link Source#TIME}) are computed from each rating's timestamp by
 *     {@link #timeCode} and {@link #timeValue}.</li>
 * </ul>
 * Code 0 is the "unknown" slot: missing values, categories not seen in training, and (for time
 * features) ratings without a timestamp. Numbers are standardised with the mean and standard
 * deviation of the training ratings; a missing number is 0 (the mean).
 */
public record Field(String name, Source source, Kind kind, String[] vocab, int[] start, int[] codes, float[] values,
                    float mean, float std, TimePart part, int yearBase, long[] releaseDays) {
    public enum Source { USER, ITEM, TIME }

    public enum Kind { CATEGORY, CATEGORIES, NUMBER }

    public enum TimePart {
        YEAR, MONTH, WEEKDAY, HOUR, DAYS_SINCE_RELEASE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String UNKNOWN = "#unknown#";

    public boolean isCategorical() {
        return kind != Kind.NUMBER;
    }

    /** Number of embedding rows (categories plus the unknown slot). */
    public int cardinality() {
        return vocab.length;
    }

    /** {@code source:name}, e.g. {@code user:age}. */
    public String label() {
        return source.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }

    /** The category code of a time feature for a rating at {@code seconds}. */
    public int timeCode(long seconds) {
        switch (part) {
            case YEAR: {
                int c = TimeParts.year(seconds) - yearBase + 1;
                return c >= 1 && c < vocab.length ? c : 0;
            }
            case MONTH:
                return TimeParts.month(seconds);
            case WEEKDAY:
                return TimeParts.weekday(seconds) + 1;
            case HOUR:
                return TimeParts.hour(seconds) + 1;
            default:
                throw new IllegalStateException(part + " is not a category");
        }
    }

    /** The standardised value of a numeric time feature for a rating of {@code item} at {@code seconds}. */
    public float timeValue(long seconds, int item) {
        long rel = item >= 0 && item < releaseDays.length ? releaseDays[item] : Long.MIN_VALUE;
        if (rel == Long.MIN_VALUE) return 0f;
        return ((TimeParts.day(seconds) - rel) - mean) / std;
    }

    /** The raw value {@link #timeValue} standardises, or NaN when the release date is unknown. */
    double rawTimeValue(long seconds, int item) {
        long rel = item >= 0 && item < releaseDays.length ? releaseDays[item] : Long.MIN_VALUE;
        return rel == Long.MIN_VALUE ? Double.NaN : TimeParts.day(seconds) - rel;
    }

    /**
     * How many training ratings use each category (each row of its embedding): a rating counts
     * for its user's (item's) categories, or for its time's; with several categories per entity,
     * for each of them. {@code userCounts}/{@code itemCounts} are the training ratings per user
     * and item. Not for numbers.
     */
    public long[] usage(org.collab4j.data.Ratings data, int[] trainRows, int[] userCounts, int[] itemCounts) {
        if (!isCategorical()) throw new IllegalStateException(label() + " is a number, not a category");
        long[] us = new long[cardinality()];
        if (source == Source.TIME) {
            if (data.hasTime()) for (int r : trainRows) us[timeCode(data.time(r))]++;
            else us[0] += trainRows.length;
            return us;
        }
        int[] counts = source == Source.USER ? userCounts : itemCounts;
        for (int e = 0; e < counts.length; e++) {
            if (counts[e] == 0) continue;
            if (start == null) us[codes[e]] += counts[e];
            else for (int j = start[e]; j < start[e + 1]; j++) us[codes[j]] += counts[e];
        }
        return us;
    }
}
