package org.collab4j.data;

/**
 * What a top-N model learns from and what it is scored on: rows of one {@link Ratings} log.
 *
 * <ul>
 * <li>{@code train}: the rows the model is fitted to;</li>
 * <li>{@code heldOut}: the rows to find; each user's items among them are the relevant ones, the
 * others of the catalogue are not;</li>
 * <li>{@code foldIn}: for users held out of training entirely (strong generalisation), the rows
 * the model is given at scoring time to fold the user in; empty when every scored user is in
 * {@code train}.</li>
 * </ul>
 * A user's history, whose items are excluded from the ranking, is their {@code foldIn} rows when
 * they have any, else their {@code train} rows.
 */
public record Holdout(String name, int[] train, int[] foldIn, int[] heldOut) {
    public Holdout {
        if (foldIn == null) foldIn = new int[0];
    }

    /** Whether some scored users are folded in rather than trained on. */
    public boolean foldsIn() {
        return foldIn.length > 0;
    }

    /** As a training/validation split for trainers: train rows, and the held-out rows as validation. */
    public Split asSplit() {
        return new Split(name, train, heldOut);
    }

    /** A split whose validation rows are scored with the training rows as each user's history. */
    public static Holdout of(Split split) {
        return new Holdout(split.name(), split.train(), new int[0], split.valid());
    }
}
