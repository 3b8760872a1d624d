package org.collab4j.data;


/** A data set and a split of its rows (the data set may have grown to hold a separate test file). */
public record DataSplit(Dataset data, Split split) {
}
