/**
 * Micro-benchmarks (JMH) and end-to-end timing helpers; not part of the library.
 */
package org.collab4j.bench;
