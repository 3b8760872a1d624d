package org.collab4j.recommend;

import java.util.List;

/** Genre names the model does not know; the message names them and the genres a user can state. */
public final class UnknownGenreException extends IllegalArgumentException {
    private final List<String> unknown;
    private final List<String> known;

    public UnknownGenreException(List<String> unknown, List<String> known) {
        super("unknown genre" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + "; the model knows: "
                + String.join(", ", known));
        this.unknown = List.copyOf(unknown);
        this.known = List.copyOf(known);
    }

    /** The names given that are not genres of the model, as given. */
    public List<String> unknown() {
        return unknown;
    }

    /** The genres a user can state ({@link GenreStart#genres()}). */
    public List<String> known() {
        return known;
    }
}
