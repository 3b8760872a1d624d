/**
 * Using a trained model: top-N for a known user, folding in a new user's ratings without
 * retraining, starts for users with no ratings (stated genres, demographics, onboarding), similar
 * items, re-ranking, and batch top-N for every user.
 */
package org.collab4j.recommend;
