/**
 * What a factor model learned: item biases, principal components of the item factors, and the items
 * at either end of each.
 */
package org.collab4j.interpret;
