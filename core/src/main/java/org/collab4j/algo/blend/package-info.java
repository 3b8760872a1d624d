/**
 * {@code blend}: a linear blend of other models (stacking), its weights fitted by least squares on
 * ratings held out from the training rows.
 */
package org.collab4j.algo.blend;
