/**
 * The option groups (picocli mixins) that the {@code collab4j} command and the Spark job
 * ({@code collab4j-spark train}) share, so that a flag has one name, one default, one help text
 * and one check wherever it is taken: where the ratings come from ({@link org.collab4j.options.DataOptions}),
 * how they are split ({@link org.collab4j.options.SplitOptions}), the training hyperparameters
 * ({@link org.collab4j.options.TrainOptions}), the output switches ({@link org.collab4j.options.CommonOptions})
 * and strict numbers ({@link org.collab4j.options.NumberOptions}).
 *
 * <p>A bad value is an {@link java.lang.IllegalArgumentException} whose message names the option
 * and what it takes; both commands print it as one line, without a stack trace. This package
 * depends on core's public API and picocli only.
 */
package org.collab4j.options;
