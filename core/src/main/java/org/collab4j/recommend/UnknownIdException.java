package org.collab4j.recommend;

import java.util.List;

/** An id the model has never seen; the message names it and says what can be done. */
public final class UnknownIdException extends IllegalArgumentException {
    private final List<String> ids;

    public UnknownIdException(String message, List<String> ids) {
        super(message);
        this.ids = List.copyOf(ids);
    }

    public List<String> ids() {
        return ids;
    }
}
