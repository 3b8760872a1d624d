/**
 * Side features of users, items and rating times (categorical vocabularies, standardised numbers,
 * time parts) encoded for the models that use them, and the profile of a user or item that is not
 * in the data.
 */
package org.collab4j.features;
