package org.collab4j.data;

/**
 * The range a loader accepts ratings in, and what it tells a line with a rating outside: a
 * declared scale, or the range of the rest of the data when a value lies far from it.
 *
 * @param expected what a line was expected to hold, e.g. {@code a rating within the scale 1..5}
 * @param advice   said after what was found (empty, or {@code "; ..."})
 */
record RatingBounds(float min, float max, String expected, String advice) {
    static RatingBounds declared(RatingScale scale) {
        return new RatingBounds(scale.min(), scale.max(), "a rating within the scale " + scale, "");
    }

    String outside(String found) {
        return "expected " + expected + " but found " + found + advice;
    }
}
