/**
 * The HTTP API and web page over a trained model, with the feedback database (SQLite or PostgreSQL)
 * that stores what users post.
 */
package org.collab4j.server;
