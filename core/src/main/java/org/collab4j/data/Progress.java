package org.collab4j.data;

/**
 * Told how far a long job has come: {@code done} of {@code total} bytes ({@code total} is -1 when
 * unknown). Loaders call it from their worker threads but never concurrently, with {@code done}
 * never decreasing; it must return quickly.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> { };

    void update(long done, long total);
}
