package org.collab4j.data;

/**
 * A rating log held as columns: rating {@code r} is user {@code user[r]} gave item {@code item[r]}
 * the value {@code value[r]} (at {@code time[r]} seconds since the epoch, when times are kept).
 * Users and items are dense indices into {@link #userIds()} and {@link #itemIds()}.
 *
 * <p>Twelve bytes a rating without times, or nine when the values are coded ({@link #coded}): a
 * byte a rating indexes a table of at most {@link #MAX_LEVELS} distinct values (star ratings have
 * 5 or 10); seven when the items are also held in two bytes (a catalogue of at most 65,536), six when
 * the users are also held in three (at most 2^24 users), and five when the value codes also fit in
 * the bits of the users' third byte that the users leave free ({@link #ofPacked}: star ratings beside
 * up to 2^21 users). The arrays are exactly {@code size()} long and are shared, not copied: callers must not
 * modify them. Splits are index arrays into these columns.
 */
public final class Ratings {
    /** Most distinct values that {@link #coded} holds as one-byte codes. */
    public static final int MAX_LEVELS = 256;

    /** The user column; while the users are held in three bytes, null until {@link #users()} is first asked for. */
    private volatile int[] user;
    /**
     * The users in three bytes a rating (bits 16-23, and 0-15) when there are at most 2^24 of them, or
     * null; when the values are packed beside them, its low {@link #codeShift} bits are the user's
     * bits 16 and up and the bits above them the value's code.
     */
    private final byte[] userHigh;
    /** The bits of {@link #userHigh} that belong to the user: {@code 0xff}, or fewer when the value codes share the byte. */
    private final int highMask;
    /** Where the value code starts in {@link #userHigh} when the values are packed there ({@link #packed}). */
    private final int codeShift;
    private final boolean packed;
    private final char[] userLow;
    private final int size;
    /** The item column; while the items are held in {@link #itemChars}, null until {@link #items()} is first asked for. */
    private volatile int[] item;
    /** The items in two bytes a rating when the catalogue has at most 65,536 of them, or null. */
    private final char[] itemChars;
    /** The value column; while the values are coded, null until {@link #values()} is first asked for. */
    private volatile float[] value;
    /** The code of each value (an index into {@link #levels}), or null when the values are a column. */
    private final byte[] code;
    private final float[] levels;
    private final long[] time;
    private final IdIndex userIds;
    private final IdIndex itemIds;
    private final RatingScale scale;

    public Ratings(int[] user, int[] item, float[] value, long[] time, IdIndex userIds, IdIndex itemIds, RatingScale scale) {
        if (user.length != item.length || user.length != value.length || (time != null && time.length != user.length))
            throw new IllegalArgumentException("rating columns differ in length");
        this.user = user;
        this.userHigh = null;
        this.highMask = 0xff;
        this.codeShift = 0;
        this.packed = false;
        this.userLow = null;
        this.size = user.length;
        this.item = item;
        this.itemChars = null;
        this.value = value;
        this.code = null;
        this.levels = null;
        this.time = time;
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.scale = scale;
    }

    private Ratings(int[] user, byte[] userHigh, char[] userLow, int[] item, char[] itemChars, float[] value, byte[] code, float[] levels,
                    long[] time, IdIndex userIds, IdIndex itemIds, RatingScale scale) {
        this(user, userHigh, userLow, item, itemChars, value, code, levels, -1, time, userIds, itemIds, scale);
    }

    /** {@code codeShift} -1: the values are not packed beside the users. */
    private Ratings(int[] user, byte[] userHigh, char[] userLow, int[] item, char[] itemChars, float[] value, byte[] code, float[] levels,
                    int codeShift, long[] time, IdIndex userIds, IdIndex itemIds, RatingScale scale) {
        this.user = user;
        this.userHigh = userHigh;
        this.packed = codeShift >= 0;
        this.codeShift = Math.max(0, codeShift);
        this.highMask = packed ? (1 << codeShift) - 1 : 0xff;
        this.userLow = userLow;
        this.size = value != null ? value.length : code != null ? code.length : userLow.length;
        this.item = item;
        this.itemChars = itemChars;
        this.value = value;
        this.code = code;
        this.levels = levels;
        this.time = time;
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.scale = scale;
    }

    /**
     * The same ratings with their values held as one-byte codes when there are at most
     * {@link #MAX_LEVELS} distinct values (nine bytes a rating instead of twelve), else as the
     * column {@code value}. {@code value} is not kept in the coded case, so a caller that lets go
     * of it frees four bytes a rating. {@link #value(int)} returns the same floats either way.
     */
    public static Ratings coded(int[] user, int[] item, float[] value, long[] time, IdIndex userIds, IdIndex itemIds, RatingScale scale) {
        if (user.length != item.length || user.length != value.length) throw new IllegalArgumentException("rating columns differ in length");
        return coded(user, null, null, item, null, value, time, userIds, itemIds, scale);
    }

    /**
     * As {@link #coded(int[], int[], float[], long[], IdIndex, IdIndex, RatingScale)}, with the items
     * in two bytes a rating ({@code item[r]} read as an unsigned index): seven bytes a rating when
     * the values are coded. {@link #item(int)} reads them; {@link #items()} makes an {@code int}
     * column on its first call and keeps it.
     */
    public static Ratings coded(int[] user, char[] item, float[] value, long[] time, IdIndex userIds, IdIndex itemIds, RatingScale scale) {
        if (user.length != item.length || user.length != value.length) throw new IllegalArgumentException("rating columns differ in length");
        return coded(user, null, null, null, item, value, time, userIds, itemIds, scale);
    }

    /**
     * As {@link #coded(int[], char[], float[], long[], IdIndex, IdIndex, RatingScale)}, with the users
     * in three bytes a rating: bits 16-23 of user {@code r} in {@code userHigh[r]}, bits 0-15 in
     * {@code userLow[r]} (at most 2^24 users). Six bytes a rating when the values are coded.
     * {@link #user(int)} reads them; {@link #users()} makes an {@code int} column on its first call and keeps it.
     */
    public static Ratings coded(byte[] userHigh, char[] userLow, char[] item, float[] value, long[] time, IdIndex userIds, IdIndex itemIds,
                                RatingScale scale) {
        if (userHigh.length != userLow.length || userLow.length != item.length || item.length != value.length)
            throw new IllegalArgumentException("rating columns differ in length");
        return coded(null, userHigh, userLow, null, item, value, time, userIds, itemIds, scale);
    }

    private static Ratings coded(int[] user, byte[] userHigh, char[] userLow, int[] item, char[] itemChars, float[] value, long[] time,
                                 IdIndex userIds, IdIndex itemIds, RatingScale scale) {
        if (time != null && time.length != value.length)
            throw new IllegalArgumentException("rating columns differ in length");
        float[] levels = new float[MAX_LEVELS];
        int[] slotKey = new int[4 * MAX_LEVELS];
        short[] slotCode = new short[4 * MAX_LEVELS];   // code + 1; 0 = empty
        byte[] code = new byte[value.length];
        int numLevels = 0;
        for (int r = 0; r < value.length; r++) {
            int bits = Float.floatToRawIntBits(value[r]);
            int s = (bits * 0x9E3779B9) >>> 22;
            while (slotCode[s] != 0 && slotKey[s] != bits) s = (s + 1) & (4 * MAX_LEVELS - 1);
            if (slotCode[s] == 0) {
                if (numLevels == MAX_LEVELS) return new Ratings(user, userHigh, userLow, item, itemChars, value, null, null, time, userIds, itemIds,
                            scale);
                slotKey[s] = bits;
                slotCode[s] = (short) (numLevels + 1);
                levels[numLevels++] = value[r];
            }
            code[r] = (byte) (slotCode[s] - 1);
        }
        return new Ratings(user, userHigh, userLow, item, itemChars, null, code, java.util.Arrays.copyOf(levels, numLevels), time, userIds,
                itemIds, scale);
    }

    /**
     * Ratings whose values the loader has already coded: value {@code r} is
     * {@code levels[code[r] & 0xff]} (at most {@link #MAX_LEVELS} levels). The users are
     * {@code user}, or in three bytes ({@code userHigh}, {@code userLow}) when {@code user} is null;
     * the items {@code item}, or {@code itemChars} when {@code item} is null.
     */
    static Ratings ofCodes(int[] user, byte[] userHigh, char[] userLow, int[] item, char[] itemChars, byte[] code, float[] levels, long[] time,
                           IdIndex userIds, IdIndex itemIds, RatingScale scale) {
        int n = code.length;
        if ((user != null ? user.length : userLow.length) != n || (user == null && userHigh.length != n)
                || (item != null ? item.length : itemChars.length) != n || (time != null && time.length != n))
            throw new IllegalArgumentException("rating columns differ in length");
        if (levels.length > MAX_LEVELS) throw new IllegalArgumentException("at most " + MAX_LEVELS + " levels, got " + levels.length);
        return new Ratings(user, user != null ? null : userHigh, user != null ? null : userLow, item, item != null ? null : itemChars, null, code,
                levels, time, userIds, itemIds, scale);
    }

    /**
     * Ratings whose values the loader has packed beside the users: the users in three bytes a
     * rating, of which the third ({@code highAndCode}) holds the user's bits 16 and up in its low
     * {@code codeShift} bits and the value's code into {@code levels} in the bits above them (at
     * most {@code 2^(8 - codeShift)} levels). Five bytes a rating with the items in two.
     */
    static Ratings ofPacked(byte[] highAndCode, int codeShift, char[] userLow, int[] item, char[] itemChars, float[] levels, long[] time,
                            IdIndex userIds, IdIndex itemIds, RatingScale scale) {
        int n = userLow.length;
        if (highAndCode.length != n || (item != null ? item.length : itemChars.length) != n || (time != null && time.length != n))
            throw new IllegalArgumentException("rating columns differ in length");
        if (codeShift < 0 || codeShift > 8 || levels.length > 1 << (8 - codeShift))
            throw new IllegalArgumentException(levels.length + " levels do not fit in " + (8 - codeShift) + " bits");
        return new Ratings(null, highAndCode, userLow, item, item != null ? null : itemChars, null, null, levels, codeShift, time, userIds,
                itemIds, scale);
    }

    /** Whether the values are held as one-byte codes (see {@link #coded}), or packed beside the users ({@link #ofPacked}). */
    public boolean valuesCoded() {
        return code != null || packed;
    }

    /** Whether the values are packed beside the users ({@link #ofPacked}). */
    public boolean valuesPacked() {
        return packed;
    }

    public int size() {
        return size;
    }

    public int user(int r) {
        char[] low = userLow;
        return low != null ? (userHigh[r] & highMask) << 16 | low[r] : user[r];
    }

    public int item(int r) {
        char[] c = itemChars;
        return c != null ? c[r] : item[r];
    }

    public float value(int r) {
        byte[] c = code;
        if (c != null) return levels[c[r] & 0xff];
        return packed ? levels[(userHigh[r] & 0xff) >>> codeShift] : value[r];
    }

    /** Seconds since the epoch; only when {@link #hasTime()}. */
    public long time(int r) {
        return time[r];
    }

    public boolean hasTime() {
        return time != null;
    }

    /**
     * The user column (shared; do not modify). When the users are held in three bytes a rating, the
     * column is made on the first call and kept: four bytes a rating more. Code that runs on large
     * data reads {@link #user(int)} instead.
     */
    public int[] users() {
        int[] u = user;
        if (u == null) {
            u = new int[size];
            for (int r = 0; r < u.length; r++) u[r] = (userHigh[r] & highMask) << 16 | userLow[r];
            user = u;
        }
        return u;
    }

    /** Whether the users are held in three bytes a rating (see {@link #coded(byte[], char[], char[], float[], long[], IdIndex, IdIndex, RatingScale)}). */
    public boolean usersNarrow() {
        return userLow != null;
    }

    /**
     * The item column (shared; do not modify). When the items are held in two bytes a rating, the
     * column is made on the first call and kept: four bytes a rating more. Code that runs on large
     * data reads {@link #item(int)} instead.
     */
    public int[] items() {
        int[] i = item;
        if (i == null) {
            i = new int[itemChars.length];
            for (int r = 0; r < i.length; r++) i[r] = itemChars[r];
            item = i;
        }
        return i;
    }

    /** Whether the items are held in two bytes a rating (see {@link #coded(int[], char[], float[], long[], IdIndex, IdIndex, RatingScale)}). */
    public boolean itemsNarrow() {
        return itemChars != null;
    }

    /**
     * The rating column (shared; do not modify). When the values are coded, the column is made on
     * the first call and kept: four bytes a rating more. Code that runs on large data reads
     * {@link #value(int)} instead.
     */
    public float[] values() {
        float[] v = value;
        if (v == null) {
            v = new float[size];
            for (int r = 0; r < v.length; r++) v[r] = value(r);
            value = v;
        }
        return v;
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
        for (int r : rows) s += value(r);
        return rows.length == 0 ? 0 : s / rows.length;
    }

    /** Number of ratings per user among {@code rows}. */
    public int[] userCounts(int[] rows) {
        int[] c = new int[numUsers()];
        for (int r : rows) c[user(r)]++;
        return c;
    }

    /** Number of ratings per item among {@code rows}. */
    public int[] itemCounts(int[] rows) {
        int[] c = new int[numItems()];
        for (int r : rows) c[item(r)]++;
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
