/**
 * The shop's shelves: which of the catalogue's most popular items go on which of R rows of C,
 * so that items often taken together share a row and neighbours on a row are the most alike
 * ({@link org.collab4j.shelves.Shelves}), and how often held-out users' item pairs land on one
 * row ({@link org.collab4j.shelves.ShelfScore}).
 */
package org.collab4j.shelves;
