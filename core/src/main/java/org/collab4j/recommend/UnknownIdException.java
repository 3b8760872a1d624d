package org.collab4j.recommend;

import java.util.List;

/** An id the model has never seen; the message names it and says what can be done. */
public final class UnknownIdException extends IllegalArgumentException {
    private final List<String> ids;

    public UnknownIdException(String message, List<String> ids) {
        super(message);
        this.ids = List.copyOf(ids);
    }

    /** Item ids the model has never seen, named all at once. */
    public static UnknownIdException items(List<String> ids) {
        StringBuilder quoted = new StringBuilder();
        for (String id : ids) quoted.append(quoted.length() == 0 ? "" : ", ").append('\'').append(id).append('\'');
        return new UnknownIdException((ids.size() == 1 ? "unknown item id " : "unknown item ids ") + quoted
                + ": the model has never seen " + (ids.size() == 1 ? "it" : "them")
                + " (check the ids against the data set the model was trained on, or drop them)", ids);
    }

    public List<String> ids() {
        return ids;
    }
}
