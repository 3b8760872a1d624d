package org.collab4j.model;

/**
 * What every model over users and items keeps: how many there are of each, and the check of an
 * item index a caller hands in ({@code 0 .. numItems-1}).
 */
public abstract class UserItemModel implements RatingModel {
    protected final int numUsers;
    protected final int numItems;

    protected UserItemModel(int numUsers, int numItems) {
        this.numUsers = numUsers;
        this.numItems = numItems;
    }

    @Override
    public int numUsers() {
        return numUsers;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** {@code i}, when it is one of the model's items; else an error that names it and the range. */
    protected final int checkItem(int i) {
        if (i < 0 || i >= numItems) throw new IllegalArgumentException("item " + i + " outside 0.." + (numItems - 1));
        return i;
    }
}
