package org.collab4j.interpret;

/**
 * An item or user with a value that ranks it (a bias, or a coordinate along a principal
 * component), its number of training ratings, and its title (the external id for users, and for
 * items without a title).
 */
public record RankedItem(int index, String id, String title, double value, int ratings) {
}
