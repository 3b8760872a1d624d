package org.collab4j.data;

/**
 * A division of a rating log into training and validation rows: index arrays into the same
 * {@link org.collab4j.data.Ratings} columns, never copies. {@code name} says how it was made
 * (e.g. {@code random(0.2, seed 42)}, {@code u1}).
 */
public record Split(String name, int[] train, int[] valid) {
    public int numTrain() {
        return train.length;
    }

    public int numValid() {
        return valid.length;
    }
}
