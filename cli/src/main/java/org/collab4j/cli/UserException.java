package org.collab4j.cli;

/** A problem with what the user asked for, reported as one line without a stack trace. */
final class UserException extends RuntimeException {
    UserException(String message) {
        super(message);
    }
}
