package org.collab4j.interpret;

import java.util.List;

/**
 * One principal direction of the item factors: its share of the variance, and the items at each
 * end, ordered from the extreme inwards ({@code positive}: largest coordinates first,
 * {@code negative}: smallest first), each with its coordinate as {@link RankedItem#value()}.
 */
public record Component(int index, double varianceShare, List<RankedItem> positive, List<RankedItem> negative) {
}
