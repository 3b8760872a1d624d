package org.collab4j.data;

/**
 * A data set cannot be had: not present and not to be fetched, no network, a download refused
 * (HTTP error, checksum mismatch, unsafe or incomplete archive). The message says what to do.
 */
public class DatasetUnavailableException extends RuntimeException {
    public DatasetUnavailableException(String message) {
        super(message);
    }

    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
