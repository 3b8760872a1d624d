package org.collab4j.server;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Locale;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a failed database call means for the feedback store, told from the driver's codes: a
 * problem with one post's data (retrying will not help, others in its group may still be
 * stored), or a problem of the database (full, read-only, unreachable, busy) that a later try
 * may get past. Descriptions name the kind of problem and the driver's code, never row data or SQL.
 */
record StoreFault(Kind kind, String description) {
    enum Kind {
        /** The post itself is refused (a constraint, a value out of range): retrying cannot help. */
        DATA,
        /** The disk or the database is full. */
        FULL,
        /** The database cannot be written at all (a read-only file, database or transaction). */
        READ_ONLY,
        /** The database cannot be reached, or dropped the connection; the outcome of a commit in flight is unknown. */
        UNREACHABLE,
        /** Anything else: an I/O error, a lock held too long, a server shutting down. */
        OTHER
    }

    static StoreFault of(SQLException e) {
        if (e instanceof SQLiteException s) return sqlite(s.getResultCode());
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String code = "SQLState " + (state.isEmpty() ? "none" : state);
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || e instanceof SQLTransientException && state.isEmpty())
            return new StoreFault(Kind.UNREACHABLE, "the database cannot be reached or dropped the connection (" + code + ")");
        if (state.equals("53100") || state.equals("53200"))
            return new StoreFault(Kind.FULL, "the database server is out of disk space or memory (" + code + ")");
        if (state.equals("25006") || state.equals("42501"))
            return new StoreFault(Kind.READ_ONLY, "the database refuses writes: read-only or not permitted (" + code + ")");
        if (state.startsWith("22") || state.startsWith("23"))
            return new StoreFault(Kind.DATA, "the database refused the values of a post (" + code + ")");
        return new StoreFault(Kind.OTHER, "the database failed (" + code + ", " + e.getClass().getSimpleName() + ")");
    }

    private static StoreFault sqlite(SQLiteErrorCode code) {
        String name = code == null ? "SQLITE_ERROR" : code.name();
        int primary = code == null ? 1 : code.code & 0xff;
        return switch (primary) {
            case 13 -> new StoreFault(Kind.FULL, "the disk holding the database is full (" + name + ")");
            case 8 -> new StoreFault(Kind.READ_ONLY, "the database file is read-only (" + name + ")");
            case 14 -> new StoreFault(Kind.READ_ONLY, "the database file cannot be opened for writing (" + name + ")");
            case 19, 20, 25 -> new StoreFault(Kind.DATA, "the database refused the values of a post (" + name + ")");
            case 10 -> new StoreFault(Kind.OTHER, "the disk holding the database failed a read or write (" + name + ")");
            case 5, 6 -> new StoreFault(Kind.OTHER, "the database is locked by another process (" + name + ")");
            default -> new StoreFault(Kind.OTHER, "the database failed (" + name.toLowerCase(Locale.ROOT) + ")");
        };
    }
}
