package org.collab4j.options;

import java.io.PrintWriter;

import picocli.CommandLine;

/** How a command answers a bad option: one line that names it, then suggestions or where its help is, not the whole usage text. */
public final class UsageErrors {
    private UsageErrors() {
    }

    /**
     * Prints {@code collab4j: MESSAGE} ({@link NumberOptions#message} for a numeric option given
     * something else) and then picocli's suggestions, or the command's {@code --help}, on the
     * command's stderr; returns the message.
     */
    public static String print(CommandLine.ParameterException e) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String message = NumberOptions.message(e);
        if (message == null) message = e.getMessage();
        err.println("collab4j: " + message);
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err))
            err.println("Try '" + cl.getCommandSpec().qualifiedName(" ") + " --help' for the options.");
        err.flush();
        return message;
    }
}
