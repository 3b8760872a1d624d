package org.collab4j.data;

import java.util.Arrays;

/**
 * A division of an interaction log for top-N work, made by {@link RankingSplits}: a test part
 * that nothing is tuned on, and a validation part carved from the training data for tuning.
 * Row indices into one {@link Ratings} log.
 *
 * @param train       rows to fit models to while tuning
 * @param valid       validation rows to find
 * @param validFoldIn rows of validation users held out of {@code train}, given at scoring time
 *                    (strong generalisation; else empty)
 * @param test        test rows to find
 * @param testFoldIn  rows of test users held out of every training part, given at scoring time
 *                    (strong generalisation; else empty)
 */
public record RankingSplit(String name, int[] train, int[] valid, int[] validFoldIn, int[] test, int[] testFoldIn) {
    /** Fit to {@code train}, score on the validation part: for choosing hyperparameters. */
    public Holdout tuning() {
        return new Holdout(name + ", valid", train, validFoldIn, valid);
    }

    /** Fit to everything but the test part ({@code train}, {@code valid}, {@code validFoldIn}), score on the test part. */
    public Holdout testing() {
        int[] all = new int[train.length + valid.length + validFoldIn.length];
        System.arraycopy(train, 0, all, 0, train.length);
        System.arraycopy(valid, 0, all, train.length, valid.length);
        System.arraycopy(validFoldIn, 0, all, train.length + valid.length, validFoldIn.length);
        Arrays.sort(all);
        return new Holdout(name + ", test", all, testFoldIn, test);
    }

    /** Whether users are held out entirely (strong generalisation). */
    public boolean foldsIn() {
        return testFoldIn.length > 0 || validFoldIn.length > 0;
    }
}
