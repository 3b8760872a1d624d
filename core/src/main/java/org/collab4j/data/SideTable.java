package org.collab4j.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Side information about users or items as named columns, indexed by the data set's dense user
 * or item index: numbers ({@code NaN} when missing), single categories or multi-valued categories
 * (empty when missing). Built from MovieLens' own tables ({@link #of(UserInfo)},
 * {@link #of(ItemInfo)}) or read from a CSV file keyed by external id ({@link #readCsv}).
 *
 * <h2>CSV side tables</h2>
 * A header line, then one line per user or item. The first column is the id (as in the ratings
 * file); every other column is a feature. A header may declare its column's type with a suffix:
 * {@code age:number}, {@code city:category}, {@code tags:categories} (values separated by
 * {@code |}). Without a suffix the type is inferred: a number when every non-empty value parses
 * as one, several categories when any value contains {@code |}, else one category. Empty fields
 * are missing values. Errors name the file, the line and the column: an id that is not in the
 * ratings, a line with too few or too many fields, a repeated id, and a value that is not a
 * number in a column declared {@code :number}.
 */
public final class SideTable {
    public enum Side {
        USER, ITEM;

        public String label() {
            return this == USER ? "user" : "item";
        }
    }

    public enum Type { NUMBER, CATEGORY, CATEGORIES }

    /**
     * One feature column: {@code numbers[e]} for {@link Type#NUMBER}, else {@code categories[e]}
     * (one value for {@link Type#CATEGORY}, any number for {@link Type#CATEGORIES}).
     */
    public record Column(String name, Type type, float[] numbers, String[][] categories) {
    }

    private final Side side;
    private final String source;
    private final int size;
    private final List<Column> columns;

    public SideTable(Side side, String source, int size, List<Column> columns) {
        for (Column c : columns) {
            int n = c.type() == Type.NUMBER ? c.numbers().length : c.categories().length;
            if (n != size) throw new IllegalArgumentException("column " + c.name() + " has " + n + " rows, expected " + size);
        }
        this.side = side;
        this.source = source;
        this.size = size;
        this.columns = List.copyOf(columns);
    }

    public Side side() {
        return side;
    }

    /** Where the table came from (a file name, or e.g. {@code u.user}). */
    public String source() {
        return source;
    }

    public int size() {
        return size;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> columnNames() {
        List<String> n = new ArrayList<>();
        for (Column c : columns) n.add(c.name());
        return n;
    }

    /** The column named {@code name} (case-insensitive), or null. */
    public Column column(String name) {
        for (Column c : columns) if (c.name().equalsIgnoreCase(name)) return c;
        return null;
    }

    /**
     * MovieLens demographics: {@code age} (number), {@code gender}, {@code occupation} and
     * {@code zip} (the zip code's first two characters: a region, coarse enough to be shared).
     */
    public static SideTable of(UserInfo u) {
        int n = u.size();
        float[] age = new float[n];
        String[][] gender = new String[n][], occ = new String[n][], zip = new String[n][];
        for (int e = 0; e < n; e++) {
            age[e] = u.age(e) > 0 ? u.age(e) : Float.NaN;
            gender[e] = one(u.gender(e));
            occ[e] = one(u.occupation(e));
            String z = u.zip(e);
            zip[e] = one(z == null || z.isBlank() ? null : zipRegion(z));
        }
        return new SideTable(Side.USER, "user demographics", n, List.of(new Column("age", Type.NUMBER, age, null),
                new Column("gender", Type.CATEGORY, null, gender), new Column("occupation", Type.CATEGORY, null, occ),
                new Column("zip", Type.CATEGORY, null, zip)));
    }

    /** The region of a zip code as the {@code zip} column keeps it: its first two characters, upper case. */
    public static String zipRegion(String zip) {
        String z = zip.trim();
        return z.substring(0, Math.min(2, z.length())).toUpperCase(Locale.ROOT);
    }

    /** MovieLens item information: {@code genres} (several categories) and {@code year} of release (number). */
    public static SideTable of(ItemInfo info) {
        int n = info.size();
        float[] year = new float[n];
        String[][] genres = new String[n][];
        String[] names = info.genreNames();
        for (int e = 0; e < n; e++) {
            year[e] = info.year(e) > 0 ? info.year(e) : Float.NaN;
            int[] g = info.genres(e);
            genres[e] = new String[g.length];
            for (int j = 0; j < g.length; j++) genres[e][j] = names[g[j]];
        }
        return new SideTable(Side.ITEM, "item information", n, List.of(new Column("genres", Type.CATEGORIES, null, genres),
                new Column("year", Type.NUMBER, year, null)));
    }

    private static String[] one(String v) {
        return v == null || v.isBlank() ? new String[0] : new String[] {v.trim()};
    }

    /** Reads a CSV side table keyed by the external ids of {@code ids}; see the class comment for the format. */
    public static SideTable readCsv(Path file, Side side, IdIndex ids) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) throw new DataFormatException(name, "no such " + side.label() + " feature file");
        String text = SideTables.decode(file, StandardCharsets.UTF_8);
        SideTables.CsvRecords rec = new SideTables.CsvRecords(text, name);
        List<String> header = rec.next();
        if (header == null || header.size() == 1 && header.get(0).isBlank())
            throw new DataFormatException(name, "empty " + side.label() + " feature file; expected a header line such as '" + side.label() + ",age,city'");
        if (header.size() < 2)
            throw new DataFormatException(name, 1, rec.recordText(), "expected a header with the " + side.label() + " id and at least one feature column, separated by commas");
        int nc = header.size() - 1;
        String[] names = new String[nc];
        Type[] declared = new Type[nc];
        for (int c = 0; c < nc; c++) {
            String h = header.get(c + 1).trim();
            int colon = h.lastIndexOf(':');
            if (colon > 0) {
                String t = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                declared[c] = switch (t) {
                    case "number", "num" -> Type.NUMBER;
                    case "category", "cat" -> Type.CATEGORY;
                    case "categories", "cats" -> Type.CATEGORIES;
                    default -> throw new DataFormatException(name, 1, rec.recordText(), "column " + (c + 2) + " (" + h
                            + "): unknown type '" + t + "'; expected number, category or categories");
                };
                h = h.substring(0, colon).trim();
            }
            if (h.isEmpty()) throw new DataFormatException(name, 1, rec.recordText(), "column " + (c + 2) + " has no name in the header");
            names[c] = h;
        }
        int n = ids.size();
        String[][] raw = new String[nc][n];
        long[] lineOf = new long[n];
        List<String> f;
        while ((f = rec.next()) != null) {
            if (f.size() == 1 && f.get(0).isBlank()) continue;
            long line = rec.recordLine();
            if (f.size() != nc + 1)
                throw new DataFormatException(name, line, rec.recordText(), "expected " + (nc + 1) + " columns (" + side.label() + ", "
                        + String.join(", ", names) + "), found " + f.size() + (f.size() < nc + 1 ? ": column " + (f.size() + 1) + " ("
                        + names[f.size() - 1] + ") is missing" : ""));
            String id = f.get(0).trim();
            int e = ids.index(id);
            if (e < 0)
                throw new DataFormatException(name, line, rec.recordText(), "column 1 (" + side.label() + "): " + side.label() + " id '" + id
                        + "' is not in the ratings");
            if (lineOf[e] != 0)
                throw new DataFormatException(name, line, rec.recordText(), "column 1 (" + side.label() + "): " + side.label() + " id '" + id
                        + "' already appeared on line " + lineOf[e]);
            lineOf[e] = line;
            for (int c = 0; c < nc; c++) raw[c][e] = f.get(c + 1).trim();
        }
        List<Column> cols = new ArrayList<>();
        for (int c = 0; c < nc; c++) {
            Type t = declared[c] != null ? declared[c] : infer(raw[c]);
            if (t == Type.NUMBER) {
                float[] v = new float[n];
                for (int e = 0; e < n; e++) {
                    String s = raw[c][e];
                    if (s == null || s.isEmpty()) {
                        v[e] = Float.NaN;
                        continue;
                    }
                    try {
                        v[e] = Float.parseFloat(s);
                    } catch (NumberFormatException ex) {
                        v[e] = Float.NaN;
                    }
                    if (!Float.isFinite(v[e]))
                        throw new DataFormatException(name, lineOf[e], lineText(text, lineOf[e]), "column " + (c + 2) + " (" + names[c]
                                + "): expected a number, found '" + s + "'");
                }
                cols.add(new Column(names[c], t, v, null));
            } else {
                String[][] v = new String[n][];
                for (int e = 0; e < n; e++) {
                    String s = raw[c][e];
                    if (s == null || s.isEmpty()) v[e] = new String[0];
                    else if (t == Type.CATEGORY) v[e] = new String[] {s};
                    else {
                        List<String> parts = new ArrayList<>();
                        for (String p : s.split("\\|")) if (!p.isBlank()) parts.add(p.trim());
                        v[e] = parts.toArray(new String[0]);
                    }
                }
                cols.add(new Column(names[c], t, null, v));
            }
        }
        return new SideTable(side, file.getFileName().toString(), n, Collections.unmodifiableList(cols));
    }

    private static Type infer(String[] values) {
        boolean numeric = true, multi = false, any = false;
        for (String s : values) {
            if (s == null || s.isEmpty()) continue;
            any = true;
            if (s.indexOf('|') >= 0) multi = true;
            if (numeric) {
                try {
                    if (!Float.isFinite(Float.parseFloat(s))) numeric = false;
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
        }
        if (multi) return Type.CATEGORIES;
        return numeric && any ? Type.NUMBER : Type.CATEGORY;
    }

    private static String lineText(String text, long line) {
        int pos = 0;
        for (long l = 1; l < line && pos >= 0; l++) {
            pos = text.indexOf('\n', pos);
            if (pos >= 0) pos++;
        }
        if (pos < 0) return "";
        int end = text.indexOf('\n', pos);
        return text.substring(pos, end < 0 ? text.length() : end).replace("\r", "");
    }
}
