/**
 * Training and scoring on Apache Spark: distributed SGD (DSGD) and MLlib ALS engines whose output
 * is an ordinary collab4j model file.
 */
package org.collab4j.spark;
