package org.collab4j.model;

/**
 * A model whose score of item j for a user is a sum over the user's items of an item-to-item
 * weight (EASE's {@code B_ij}, an item neighbourhood's similarity): it keeps each training user's
 * items as compressed rows, user u's at {@code userItems[userStart[u] .. userStart[u+1])},
 * ascending. A pair with an unknown user or item scores 0: no item of the user adds to it.
 */
public abstract class ItemItemModel extends UserItemModel implements TopNModel, ItemSimilarity {
    protected final int[] userStart;
    protected final int[] userItems;

    protected ItemItemModel(int numUsers, int numItems, int[] userStart, int[] userItems) {
        super(numUsers, numItems);
        this.userStart = userStart;
        this.userItems = userItems;
    }

    /** Where each user's items start in {@link #userItems()}; {@code numUsers + 1} entries (shared; do not modify). */
    public int[] userStart() {
        return userStart;
    }

    /** Every training user's items, user by user, ascending within a user (shared; do not modify). */
    public int[] userItems() {
        return userItems;
    }

    @Override
    public float predictUnknown(int user, int item) {
        return user >= 0 && item >= 0 ? predict(user, item) : 0;
    }
}
