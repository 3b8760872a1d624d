package org.collab4j.data;

/**
 * A loaded data set: the ratings, what is known of items and users (either may be null), and a
 * report of the load. Item and user infos are indexed by the ratings' dense indices; items or
 * users that appear only in a side table are present in the id index with no ratings.
 */
public record Dataset(String name, Ratings ratings, ItemInfo items, UserInfo users, LoadReport report) {
    public boolean hasItemInfo() {
        return items != null;
    }

    public boolean hasUserInfo() {
        return users != null;
    }

    /** Title of a dense item, or its external id when the title is unknown. */
    public String title(int item) {
        String t = items == null ? null : items.title(item);
        return t != null ? t : ratings.itemIds().id(item);
    }
}
