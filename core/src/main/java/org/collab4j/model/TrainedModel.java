package org.collab4j.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.UserInfo;

/**
 * Everything a saved model needs to be used without the training data: the scoring model, the
 * id maps, what is known of items and users (titles, genres, demographics), each user's
 * training ratings (to exclude seen items and to fold users in again), and its provenance
 * (data set, split, hyperparameters, seed, version, metrics).
 *
 * <p>Training ratings are kept per user in compressed sparse rows: user {@code u}'s items are
 * {@code seenItems[seenStart[u] .. seenStart[u+1])}, sorted ascending, with their values.
 */
public final class TrainedModel {
    private final RatingModel model;
    private final IdIndex userIds;
    private final IdIndex itemIds;
    private final ItemInfo itemInfo;
    private final UserInfo userInfo;
    private final RatingScale scale;
    private final int[] seenStart;
    private final int[] seenItems;
    private final float[] seenValues;
    private final int[] itemCounts;
    private final Map<String, String> provenance;

    public TrainedModel(RatingModel model, IdIndex userIds, IdIndex itemIds, ItemInfo itemInfo, UserInfo userInfo,
                        RatingScale scale, int[] seenStart, int[] seenItems, float[] seenValues, Map<String, String> provenance) {
        if (model.numUsers() != userIds.size() || model.numItems() != itemIds.size())
            throw new IllegalArgumentException("model has " + model.numUsers() + " users and " + model.numItems()
                    + " items but the id maps hold " + userIds.size() + " and " + itemIds.size());
        if (seenStart.length != userIds.size() + 1 || seenItems.length != seenValues.length
                || seenStart[seenStart.length - 1] != seenItems.length)
            throw new IllegalArgumentException("seen-item rows do not match the users");
        this.model = model;
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.itemInfo = itemInfo;
        this.userInfo = userInfo;
        this.scale = scale;
        this.seenStart = seenStart;
        this.seenItems = seenItems;
        this.seenValues = seenValues;
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        this.itemCounts = new int[itemIds.size()];
        for (int it : seenItems) itemCounts[it]++;
    }

    /** Bundles a model trained on {@code ratings[trainRows]}. */
    public static TrainedModel of(RatingModel model, Ratings ratings, int[] trainRows, ItemInfo itemInfo,
                                  UserInfo userInfo, Map<String, String> provenance) {
        int nu = ratings.numUsers();
        int[] start = new int[nu + 1];
        for (int r : trainRows) start[ratings.user(r) + 1]++;
        for (int u = 0; u < nu; u++) start[u + 1] += start[u];
        int[] fill = java.util.Arrays.copyOf(start, nu);
        int[] items = new int[trainRows.length];
        float[] values = new float[trainRows.length];
        for (int r : trainRows) {
            int u = ratings.user(r);
            items[fill[u]] = ratings.item(r);
            values[fill[u]++] = ratings.value(r);
        }
        for (int u = 0; u < nu; u++) sortRow(items, values, start[u], start[u + 1]);
        return new TrainedModel(model, ratings.userIds(), ratings.itemIds(), itemInfo, userInfo, ratings.scale(),
                start, items, values, provenance);
    }

    private static void sortRow(int[] items, float[] values, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int it = items[i];
            float v = values[i];
            int j = i - 1;
            while (j >= from && items[j] > it) {
                items[j + 1] = items[j];
                values[j + 1] = values[j];
                j--;
            }
            items[j + 1] = it;
            values[j + 1] = v;
        }
    }

    public RatingModel model() {
        return model;
    }

    public String kind() {
        return model.kind();
    }

    public IdIndex userIds() {
        return userIds;
    }

    public IdIndex itemIds() {
        return itemIds;
    }

    /** Item titles, genres and dates, or null when the data set had none. */
    public ItemInfo itemInfo() {
        return itemInfo;
    }

    /** User demographics, or null when the data set had none. */
    public UserInfo userInfo() {
        return userInfo;
    }

    public RatingScale scale() {
        return scale;
    }

    public int numUsers() {
        return userIds.size();
    }

    public int numItems() {
        return itemIds.size();
    }

    /** Start offsets of each user's training ratings (length numUsers + 1; shared). */
    public int[] seenStart() {
        return seenStart;
    }

    /** Items of all users' training ratings, user by user (shared). */
    public int[] seenItems() {
        return seenItems;
    }

    /** Values matching {@link #seenItems()} (shared). */
    public float[] seenValues() {
        return seenValues;
    }

    /** Number of training ratings of {@code user}. */
    public int userCount(int user) {
        return seenStart[user + 1] - seenStart[user];
    }

    /** Number of training ratings of {@code item}. */
    public int itemCount(int item) {
        return itemCounts[item];
    }

    /** Training ratings per item (shared). */
    public int[] itemCounts() {
        return itemCounts;
    }

    /** Whether {@code user} rated {@code item} in training (binary search in the user's row). */
    public boolean hasSeen(int user, int item) {
        return java.util.Arrays.binarySearch(seenItems, seenStart[user], seenStart[user + 1], item) >= 0;
    }

    /** Title of an item, or its external id when no title is known. */
    public String title(int item) {
        String t = itemInfo == null ? null : itemInfo.title(item);
        return t != null ? t : itemIds.id(item);
    }

    /** Data set, split, hyperparameters, seed, version and metrics, as strings. */
    public Map<String, String> provenance() {
        return provenance;
    }

    /** The same bundle with another scoring model (e.g. after folding in users). */
    public TrainedModel withModel(RatingModel other) {
        return new TrainedModel(other, userIds, itemIds, itemInfo, userInfo, scale, seenStart, seenItems, seenValues, provenance);
    }
}
