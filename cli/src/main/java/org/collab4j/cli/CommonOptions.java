package org.collab4j.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--json", description = "Print exactly one JSON object on stdout (tables and progress go to stderr).")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;

    @Option(names = "--quiet", description = "No progress bars or tables on stderr.")
    boolean quiet;
}
