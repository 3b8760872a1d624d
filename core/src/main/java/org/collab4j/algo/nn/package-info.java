/**
 * {@code nn}: fastai's EmbeddingNN, embeddings of users, items and side features through a
 * multi-layer perceptron.
 */
package org.collab4j.algo.nn;
