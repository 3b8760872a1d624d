package org.collab4j.data;

import java.nio.charset.StandardCharsets;

/**
 * Splits one line into its fields and checks them; what a bad line is told is decided here
 * only, so every reader (the file loader, the Spark reader) gives the same messages. After a
 * successful {@link #read} the user id is {@code bytes()[us, ue)}, the item id
 * {@code bytes()[is, ie)}: the line's own bytes, or a copy when a quoted field had to be unescaped.
 *
 * <p>A field that begins with a double quote is quoted, as in RFC 4180: it runs to the closing
 * quote (a doubled quote inside stands for one), and the delimiter or the end of the line must
 * follow. A line holding a NUL byte is refused whole: such a file is binary, or text in UTF-16.
 */
final class LineFields {
    /** Ratings beyond this magnitude are refused: no scale reaches them, and their squares overflow a float. */
    static final float MAX_MAGNITUDE = 1e9f;

    private final RatingsParser p;
    private final int nCols, userCol, itemCol, ratingCol, timeCol;
    private final int[] fs, fe;
    private final boolean checkBounds;
    private final float boundMin, boundMax;
    private byte[] scratch = new byte[0];
    private byte[] ids;
    int us, ue, is, ie;
    float v;
    long t;

    LineFields(RatingsParser p) {
        this.p = p;
        nCols = p.cols.count();
        userCol = p.cols.indexOf(Columns.USER);
        itemCol = p.cols.indexOf(Columns.ITEM);
        ratingCol = p.cols.indexOf(Columns.RATING);
        timeCol = p.cols.indexOf(Columns.TIME); // checked even when the times are not kept
        fs = new int[nCols];
        fe = new int[nCols];
        checkBounds = p.bounds != null;
        boundMin = checkBounds ? p.bounds.min() : 0;
        boundMax = checkBounds ? p.bounds.max() : 0;
    }

    /** The array the ids of the last line read are in. */
    byte[] bytes() {
        return ids;
    }

    /** Reads {@code b[s, e)}; returns null, or what was expected when the line is bad. */
    String read(byte[] b, int s, int e) {
        int nul = ByteParsing.indexOfZero(b, s, e);
        if (nul >= 0) return "expected text but found a NUL byte at character " + (nul - s + 1)
                + " (the file is binary, or text in UTF-16: convert it to UTF-8)";
        return read(b, s, e, false);
    }

    private String read(byte[] b, int s, int e, boolean own) {
        ids = b;
        int kind = p.delimKind;
        byte d = p.delim;
        int q = s, f = 0;
        if (kind == RatingsParser.DELIM_WHITESPACE) while (q < e && (b[q] == ' ' || b[q] == '\t')) q++;
        while (true) {
            int fstart = q, fend;
            if (q < e && b[q] == '"') {
                int close = q + 1;
                boolean escaped = false;
                while (true) {
                    while (close < e && b[close] != '"') close++;
                    if (close + 1 < e && b[close + 1] == '"') {
                        escaped = true;
                        close += 2;
                    } else {
                        break;
                    }
                }
                if (close >= e) return "expected a closing quote for field " + (f + 1) + ", which opens with '\"', before the end of the line";
                if (escaped && !own) return reread(b, s, e);
                fstart = q + 1;
                fend = escaped ? unescape(b, fstart, close) : close;
                q = close + 1;
                if (q < e && !atDelimiter(b, q, e))
                    return "expected the delimiter (" + p.delimName.replace("-separated", "") + ") or the end of the line after the closing quote of field "
                            + (f + 1) + " but found '" + Text.shown(new String(b, q, 1, StandardCharsets.ISO_8859_1), 1) + "'";
            } else {
                if (kind == RatingsParser.DELIM_BYTE) {
                    while (q < e && b[q] != d) q++;
                } else if (kind == RatingsParser.DELIM_DOUBLE_COLON) {
                    while (q < e && !(b[q] == ':' && q + 1 < e && b[q + 1] == ':')) q++;
                } else {
                    while (q < e && b[q] != ' ' && b[q] != '\t') q++;
                }
                fend = q;
            }
            if (f < nCols) {
                fs[f] = fstart;
                fe[f] = fend;
            }
            f++;
            if (q >= e) break;
            q += kind == RatingsParser.DELIM_DOUBLE_COLON ? 2 : 1;
            if (kind == RatingsParser.DELIM_WHITESPACE) {
                while (q < e && (b[q] == ' ' || b[q] == '\t')) q++;
                if (q >= e) break;
            }
        }
        if (f != nCols) return "expected " + nCols + " " + p.delimName + " fields " + p.cols + " but found " + f;

        us = fs[userCol];
        ue = fe[userCol];
        while (us < ue && b[us] == ' ') us++;
        while (ue > us && b[ue - 1] == ' ') ue--;
        if (us == ue) return "expected a user id in column " + (userCol + 1) + " but found an empty field";
        String bad = ByteParsing.checkText(b, us, ue);
        if (bad != null) return "expected a user id of printable UTF-8 text in column " + (userCol + 1) + " but found " + bad;
        is = fs[itemCol];
        ie = fe[itemCol];
        while (is < ie && b[is] == ' ') is++;
        while (ie > is && b[ie - 1] == ' ') ie--;
        if (is == ie) return "expected an item id in column " + (itemCol + 1) + " but found an empty field";
        bad = ByteParsing.checkText(b, is, ie);
        if (bad != null) return "expected an item id of printable UTF-8 text in column " + (itemCol + 1) + " but found " + bad;

        if (ratingCol < 0) {
            v = 1f; // an event without a value column weighs 1
        } else {
            v = ByteParsing.parseFloat(b, fs[ratingCol], fe[ratingCol]);
            if (v != v) return "expected a number for rating in column " + (ratingCol + 1) + " but found '" + field(b, ratingCol) + "'";
            if (checkBounds && (v < boundMin || v > boundMax)) return p.bounds.outside(field(b, ratingCol).trim());
            if (!(Math.abs(v) <= MAX_MAGNITUDE))
                return "expected a rating of at most 1e9 in magnitude (no rating scale goes further) but found " + field(b, ratingCol).trim();
        }
        t = 0;
        if (timeCol >= 0) {
            t = ByteParsing.parseLong(b, fs[timeCol], fe[timeCol]);
            if (t == Long.MIN_VALUE) {
                String why = ByteParsing.isDigits(b, fs[timeCol], fe[timeCol]) ? " (too large for a timestamp)" : "";
                return "expected an integer timestamp (seconds since 1970-01-01) for time in column " + (timeCol + 1)
                        + " but found '" + field(b, timeCol) + "'" + why;
            }
        }
        return null;
    }

    private boolean atDelimiter(byte[] b, int q, int e) {
        return switch (p.delimKind) {
            case RatingsParser.DELIM_BYTE -> b[q] == p.delim;
            case RatingsParser.DELIM_DOUBLE_COLON -> b[q] == ':' && q + 1 < e && b[q + 1] == ':';
            default -> b[q] == ' ' || b[q] == '\t';
        };
    }

    /** A line with an escaped quote, read again from a copy that may be changed in place. */
    private String reread(byte[] b, int s, int e) {
        int n = e - s;
        if (scratch.length < n) scratch = new byte[Math.max(n, 2 * scratch.length)];
        System.arraycopy(b, s, scratch, 0, n);
        return read(scratch, 0, n, true);
    }

    /** Turns each doubled quote of {@code b[from, to)} into one, in place; returns the new end. */
    private static int unescape(byte[] b, int from, int to) {
        int w = from;
        for (int r = from; r < to; r++) {
            b[w++] = b[r];
            if (b[r] == '"') r++;
        }
        return w;
    }

    /** The field as a message shows it: control characters made visible, a long one shortened. */
    private String field(byte[] b, int col) {
        return Text.shown(new String(b, fs[col], fe[col] - fs[col], StandardCharsets.UTF_8), 60);
    }
}
