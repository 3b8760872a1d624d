package org.collab4j.data;

/**
 * A loaded file's rating values as the checks of its scale read them: a {@code float} column, or
 * one-byte codes into a table of the distinct values (what the merge of a large load writes, so
 * that a load never holds four bytes a rating of values beside the other columns).
 */
final class Values {
    private final float[] column;
    private final byte[] code;
    private final float[] levels;
    private final int shift;

    private Values(float[] column, byte[] code, float[] levels, int shift) {
        this.column = column;
        this.code = code;
        this.levels = levels;
        this.shift = shift;
    }

    static Values of(float[] column) {
        return new Values(column, null, null, 0);
    }

    /** Value {@code j} is {@code levels[code[j] & 0xff]}. */
    static Values coded(byte[] code, float[] levels) {
        return new Values(null, code, levels, 0);
    }

    /** Value {@code j} is {@code levels[(code[j] & 0xff) >>> shift]}: codes above other bits ({@link Ratings#ofPacked}). */
    static Values packed(byte[] code, int shift, float[] levels) {
        return new Values(null, code, levels, shift);
    }

    int size() {
        return column != null ? column.length : code.length;
    }

    float get(int j) {
        return column != null ? column[j] : levels[(code[j] & 0xff) >>> shift];
    }
}
