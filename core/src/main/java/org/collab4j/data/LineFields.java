package org.collab4j.data;

import java.nio.charset.StandardCharsets;

/**
 * Splits one line into its fields and checks them; what a bad line is told is decided here
 * only, so every reader (the file loader, the Spark reader) gives the same messages. After a
 * successful {@link #read} the user id is {@code b[us, ue)}, the item id {@code b[is, ie)}.
 */
final class LineFields {
    private final RatingsParser p;
    private final int nCols, userCol, itemCol, ratingCol, timeCol;
    private final int[] fs, fe;
    private final boolean checkScale;
    private final float scaleMin, scaleMax;
    int us, ue, is, ie;
    float v;
    long t;

    LineFields(RatingsParser p) {
        this.p = p;
        nCols = p.cols.count();
        userCol = p.cols.indexOf(Columns.USER);
        itemCol = p.cols.indexOf(Columns.ITEM);
        ratingCol = p.cols.indexOf(Columns.RATING);
        timeCol = p.keepTime ? p.cols.indexOf(Columns.TIME) : -1;
        fs = new int[nCols];
        fe = new int[nCols];
        checkScale = p.declared != null;
        scaleMin = checkScale ? p.declared.min() : 0;
        scaleMax = checkScale ? p.declared.max() : 0;
    }

    /** Reads {@code b[s, e)}; returns null, or what was expected when the line is bad. */
    String read(byte[] b, int s, int e) {
        int kind = p.delimKind;
        byte d = p.delim;
        int q = s, f = 0;
        if (kind == RatingsParser.DELIM_WHITESPACE) while (q < e && (b[q] == ' ' || b[q] == '\t')) q++;
        while (true) {
            int fstart = q;
            if (kind == RatingsParser.DELIM_BYTE) {
                while (q < e && b[q] != d) q++;
            } else if (kind == RatingsParser.DELIM_DOUBLE_COLON) {
                while (q < e && !(b[q] == ':' && q + 1 < e && b[q + 1] == ':')) q++;
            } else {
                while (q < e && b[q] != ' ' && b[q] != '\t') q++;
            }
            if (f < nCols) {
                fs[f] = fstart;
                fe[f] = q;
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
        is = fs[itemCol];
        ie = fe[itemCol];
        while (is < ie && b[is] == ' ') is++;
        while (ie > is && b[ie - 1] == ' ') ie--;
        if (is == ie) return "expected an item id in column " + (itemCol + 1) + " but found an empty field";

        v = ByteParsing.parseFloat(b, fs[ratingCol], fe[ratingCol]);
        if (v != v) return "expected a number for rating in column " + (ratingCol + 1) + " but found '" + field(b, ratingCol) + "'";
        if (checkScale && (v < scaleMin || v > scaleMax))
            return "expected a rating within the scale " + p.declared + " but found " + field(b, ratingCol).trim();
        t = 0;
        if (timeCol >= 0) {
            t = ByteParsing.parseLong(b, fs[timeCol], fe[timeCol]);
            if (t == Long.MIN_VALUE)
                return "expected an integer timestamp (seconds since 1970-01-01) for time in column " + (timeCol + 1)
                        + " but found '" + field(b, timeCol) + "'";
        }
        return null;
    }

    private String field(byte[] b, int col) {
        return new String(b, fs[col], fe[col] - fs[col], StandardCharsets.UTF_8);
    }
}
