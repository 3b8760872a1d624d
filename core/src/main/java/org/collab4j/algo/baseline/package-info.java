/**
 * {@code baseline}: the global mean plus regularised user and item biases (Koren 2010), the floor
 * every table needs.
 */
package org.collab4j.algo.baseline;
