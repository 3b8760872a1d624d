package org.collab4j.data;

/**
 * A rating log held as columns: rating {@code r} is user {@code user[r]} gave item {@code item[r]}
 * the value {@code value[r]} (at {@code time[r]} seconds since the epoch, when times are kept).
 * Users and items are dense indices into {@link #userIds()} and {@link #itemIds()}.
 *
 * <p>Twelve bytes a rating without times. The arrays are exactly {@code size()} long and are
 * shared, not copied: callers must not modify them. Splits are index arrays into these columns.
 */
public final class Ratings {
    private final int[] user;
    private final int[] item;
    private final float[] value;
    private final long[] time;
    private final IdIndex userIds;
    private final IdIndex itemIds;
    private final RatingScale scale;

    public Ratings(int[] user, int[] item, float[] value, long[] time, IdIndex userIds, IdIndex itemIds, RatingScale scale) {
        if (user.length != item.length || user.length != value.length || (time != null && time.length != user.length))
            throw new IllegalArgumentException("rating columns differ in length");
        this.user = user;
        this.item = item;
        this.value = value;
        this.time = time;
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.scale = scale;
    }

    public int size() {
        return user.length;
    }

    public int user(int r) {
        return user[r];
    }

    public int item(int r) {
        return item[r];
    }

    public float value(int r) {
        return value[r];
    }

    /** Seconds since the epoch; only when {@link #hasTime()}. */
    public long time(int r) {
        return time[r];
    }

    public boolean hasTime() {
        return time != null;
    }

    /** The user column (shared; do not modify). */
    public int[] users() {
        return user;
    }

    /** The item column (shared; do not modify). */
    public int[] items() {
        return item;
    }

    /** The rating column (shared; do not modify). */
    public float[] values() {
        return value;
    }

    /** The time column, or null when times were not kept (shared; do not modify). */
    public long[] times() {
        return time;
    }

    public IdIndex userIds() {
        return userIds;
    }

    public IdIndex itemIds() {
        return itemIds;
    }

    public int numUsers() {
        return userIds.size();
    }

    public int numItems() {
        return itemIds.size();
    }

    public RatingScale scale() {
        return scale;
    }

    /** Mean of the ratings at {@code rows}. */
    public double mean(int[] rows) {
        double s = 0;
        for (int r : rows) s += value[r];
        return rows.length == 0 ? 0 : s / rows.length;
    }

    /** Number of ratings per user among {@code rows}. */
    public int[] userCounts(int[] rows) {
        int[] c = new int[numUsers()];
        for (int r : rows) c[user[r]]++;
        return c;
    }

    /** Number of ratings per item among {@code rows}. */
    public int[] itemCounts(int[] rows) {
        int[] c = new int[numItems()];
        for (int r : rows) c[item[r]]++;
        return c;
    }

    /** All row indices 0..size-1. */
    public int[] allRows() {
        int[] rows = new int[size()];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        return rows;
    }

    @Override
    public String toString() {
        return "Ratings[" + size() + " ratings, " + numUsers() + " users, " + numItems() + " items, scale " + scale + "]";
    }
}
