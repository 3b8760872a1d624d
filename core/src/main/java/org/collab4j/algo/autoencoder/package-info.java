/**
 * {@code autoencoder}: an item-based autoencoder with kernelised weight matrices (Muller et al.
 * 2018, "Kernelized Synaptic Weight Matrices", the "Sparse FC" model), trained by L-BFGS.
 */
package org.collab4j.algo.autoencoder;
