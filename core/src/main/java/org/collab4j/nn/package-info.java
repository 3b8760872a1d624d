/**
 * Neural-network layers with hand-derived gradients (linear, batch norm, dropout, embedding, ReLU),
 * the building blocks of fastai's EmbeddingNN.
 */
package org.collab4j.nn;
