package org.collab4j.options;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
    @Option(names = "--json", description = "Print exactly one JSON object on stdout (tables and progress go to stderr).")
    public boolean json;

    @Option(names = "--verbose", description = "Show stack traces on errors.")
    public boolean verbose;

    @Option(names = "--quiet", description = "No progress bars or tables on stderr.")
    public boolean quiet;
}
