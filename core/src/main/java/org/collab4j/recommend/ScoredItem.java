package org.collab4j.recommend;

/** An item (dense index and external id) with its title and a score or similarity. */
public record ScoredItem(int index, String item, String title, float score) {
}
