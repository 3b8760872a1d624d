package org.collab4j.features;

/**
 * Calendar parts of a timestamp in seconds since the epoch, in UTC, by integer arithmetic (no
 * allocation; Howard Hinnant's days-to-civil algorithm).
 */
public final class TimeParts {
    private TimeParts() {
    }

    public static long day(long seconds) {
        return Math.floorDiv(seconds, 86_400L);
    }

    /** Monday = 0 .. Sunday = 6 (1970-01-01 was a Thursday). */
    public static int weekday(long seconds) {
        return (int) Math.floorMod(day(seconds) + 3, 7L);
    }

    public static int hour(long seconds) {
        return (int) (Math.floorMod(seconds, 86_400L) / 3600);
    }

    /** Month 1..12. */
    public static int month(long seconds) {
        return (int) (civil(day(seconds)) % 100);
    }

    public static int year(long seconds) {
        return (int) (civil(day(seconds)) / 100);
    }

    /** {@code year * 100 + month} of a day count since the epoch. */
    static long civil(long days) {
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long m = mp < 10 ? mp + 3 : mp - 9;
        return (y + (m <= 2 ? 1 : 0)) * 100 + m;
    }
}
