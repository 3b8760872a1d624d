/**
 * The {@code collab4j} command (picocli): parses options, calls core's facade, and prints tables,
 * progress and plots (or one JSON object with {@code --json}).
 */
package org.collab4j.cli;
