/**
 * The five-minute API: {@link org.collab4j.Collab} loads a data set by name or path, trains any
 * model by name, and recommends. The CLI, the server and Spark call core through this facade.
 */
package org.collab4j;
