package org.collab4j.server;

import java.util.Map;

/** An error answered to the client: an HTTP status, a message a person can act on, and optional fields. */
final class ApiError extends RuntimeException {
    final int status;
    final Map<String, Object> fields;

    ApiError(int status, String message) {
        this(status, message, Map.of());
    }

    ApiError(int status, String message, Map<String, Object> fields) {
        super(message, null, false, false);
        this.status = status;
        this.fields = fields;
    }
}
