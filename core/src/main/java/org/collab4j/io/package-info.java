/**
 * The model file (magic, version, provenance, id maps, arrays, SHA-256; written atomically), binary
 * readers and writers, the codec contract each algorithm implements, and exports of factors (NumPy
 * .npy, CSV).
 */
package org.collab4j.io;
