package org.collab4j.model;

import java.io.IOException;

/** A model file that is not one, is truncated, or fails its checksum. Nothing of it is used. */
public final class CorruptModelException extends IOException {
    public CorruptModelException(String message) {
        super(message);
    }
}
