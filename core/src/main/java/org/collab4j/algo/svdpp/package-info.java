/**
 * {@code svdpp}: SVD++, factors plus implicit feedback from which items a user rated (Koren 2008).
 */
package org.collab4j.algo.svdpp;
