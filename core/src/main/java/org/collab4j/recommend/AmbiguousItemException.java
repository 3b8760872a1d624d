package org.collab4j.recommend;

/** A title that matches several items; the message lists the candidates with their ids. */
public final class AmbiguousItemException extends IllegalArgumentException {
    public AmbiguousItemException(String message) {
        super(message);
    }
}
