package org.collab4j.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.data.SideTable;

/**
 * The side information a model takes as input, encoded from side tables with statistics of the
 * training split only: category vocabularies come from the users and items that have training
 * ratings (anything else maps to the unknown slot), and numbers are standardised with the mean
 * and standard deviation over the training ratings. Immutable.
 */
public final class Features {
    private final List<Field> fields;
    private final int numUsers;
    private final int numItems;

    public Features(List<Field> fields, int numUsers, int numItems) {
        this.fields = List.copyOf(fields);
        this.numUsers = numUsers;
        this.numItems = numItems;
    }

    public static Features none(int numUsers, int numItems) {
        return new Features(List.of(), numUsers, numItems);
    }

    public List<Field> fields() {
        return fields;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public int numUsers() {
        return numUsers;
    }

    public int numItems() {
        return numItems;
    }

    public boolean usesTime() {
        for (Field f : fields) if (f.source() == Field.Source.TIME) return true;
        return false;
    }

    /** Whether the model takes a {@code source} feature named {@code name} (case-insensitive). */
    public boolean has(Field.Source source, String name) {
        for (Field f : fields) if (f.source() == source && f.name().equalsIgnoreCase(name)) return true;
        return false;
    }

    /** Whether the model takes any feature of {@code source}. */
    public boolean has(Field.Source source) {
        for (Field f : fields) if (f.source() == source) return true;
        return false;
    }

    /**
     * A user ({@code source} USER) or item (ITEM) that is not in the data, from raw side values
     * by field name (case-insensitive): one value for a number or a category, any number for
     * several categories (genres); values as the data set spells them. Encoded as training
     * encoded its own: see {@link SideProfile} for what a missing or unseen value becomes.
     *
     * @throws IllegalArgumentException for a name that is not one of the model's fields of that
     *         source (listing them), a number that does not parse, several values for one
     */
    public SideProfile profile(Field.Source source, Map<String, List<String>> raw) {
        return SideProfile.encode(this, source, raw);
    }

    /** {@code user:age,gender;item:genres;time:weekday}: what the fields are. */
    public String describe() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        for (Field f : fields) g.computeIfAbsent(f.source().name().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(f.name());
        return new FeatureSpec(g).toString();
    }

    /**
     * Encodes the features of {@code spec} for {@code data}: user columns from {@code users},
     * item columns from {@code items} (either may be null when the spec asks nothing of it), time
     * features from the ratings' timestamps. Statistics come from {@code trainRows} only.
     *
     * @throws IllegalArgumentException naming the missing table or column and what is available
     */
    public static Features build(Dataset data, FeatureSpec spec, SideTable users, SideTable items, int[] trainRows) {
        Ratings r = data.ratings();
        int nu = r.numUsers(), ni = r.numItems();
        int[] userCounts = r.userCounts(trainRows), itemCounts = r.itemCounts(trainRows);
        List<Field> out = new ArrayList<>();
        for (String name : columns(spec, "user", users)) out.add(encode(users, name, Field.Source.USER, userCounts, nu));
        for (String name : columns(spec, "item", items)) out.add(encode(items, name, Field.Source.ITEM, itemCounts, ni));
        List<String> time = spec.names("time");
        boolean allTime = time.contains(FeatureSpec.ALL);
        if (!time.isEmpty() && !r.hasTime()) {
            if (!allTime) throw new IllegalArgumentException("time features need rating timestamps, and " + data.name() + " has none");
        } else if (!time.isEmpty()) {
            List<String> names = allTime ? new ArrayList<>(List.of("year", "month", "weekday", "hour")) : time;
            long[] release = releaseDays(data, ni);
            if (allTime && release != null) names.add("days_since_release");
            for (String name : names) out.add(encodeTime(name, r, trainRows, release, data.name()));
        }
        return new Features(out, nu, ni);
    }

    private static List<String> columns(FeatureSpec spec, String source, SideTable table) {
        List<String> names = spec.names(source);
        if (names.isEmpty()) return List.of();
        if (table == null) {
            if (names.contains(FeatureSpec.ALL)) return List.of();
            throw new IllegalArgumentException(source + " features " + names + " were asked for, but there is no " + source
                    + " table: this data set has none; give one with --" + source + "-features FILE");
        }
        if (names.contains(FeatureSpec.ALL)) return table.columnNames();
        for (String n : names)
            if (table.column(n) == null)
                throw new IllegalArgumentException(table.source() + " has no column '" + n + "'; its " + source + " columns are: "
                        + String.join(", ", table.columnNames()));
        return names;
    }

    private static long[] releaseDays(Dataset data, int ni) {
        if (data.items() == null) return null;
        long[] d = new long[ni];
        boolean any = false;
        for (int i = 0; i < ni; i++) {
            d[i] = data.items().releaseEpochDay(i);
            any |= d[i] != Long.MIN_VALUE;
        }
        return any ? d : null;
    }

    private static Field encode(SideTable table, String name, Field.Source source, int[] counts, int n) {
        SideTable.Column col = table.column(name);
        if (col.type() == SideTable.Type.NUMBER) {
            double s = 0, ss = 0, w = 0;
            for (int e = 0; e < n; e++) {
                float v = col.numbers()[e];
                if (counts[e] == 0 || Float.isNaN(v)) continue;
                s += (double) counts[e] * v;
                ss += (double) counts[e] * v * v;
                w += counts[e];
            }
            float mean = w == 0 ? 0f : (float) (s / w);
            double var = w == 0 ? 0 : ss / w - (s / w) * (s / w);
            float std = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
            float[] values = new float[n];
            for (int e = 0; e < n; e++) {
                float v = col.numbers()[e];
                values[e] = Float.isNaN(v) ? 0f : (v - mean) / std;
            }
            return new Field(col.name(), source, Field.Kind.NUMBER, null, null, null, values, mean, std, null, 0, null);
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put(Field.UNKNOWN, 0);
        for (int e = 0; e < n; e++) {
            if (counts[e] == 0) continue;
            for (String v : col.categories()[e]) vocab.putIfAbsent(v, vocab.size());
        }
        String[] names = vocab.keySet().toArray(new String[0]);
        if (col.type() == SideTable.Type.CATEGORY) {
            int[] codes = new int[n];
            for (int e = 0; e < n; e++) {
                String[] v = col.categories()[e];
                codes[e] = v.length == 0 ? 0 : vocab.getOrDefault(v[0], 0);
            }
            return new Field(col.name(), source, Field.Kind.CATEGORY, names, null, codes, null, 0f, 1f, null, 0, null);
        }
        int[] start = new int[n + 1];
        for (int e = 0; e < n; e++) start[e + 1] = start[e] + Math.max(1, col.categories()[e].length);
        int[] codes = new int[start[n]];
        for (int e = 0; e < n; e++) {
            String[] v = col.categories()[e];
            // an entity with no categories takes the unknown slot, so every bag is non-empty
            for (int j = 0; j < v.length; j++) codes[start[e] + j] = vocab.getOrDefault(v[j], 0);
        }
        return new Field(col.name(), source, Field.Kind.CATEGORIES, names, start, codes, null, 0f, 1f, null, 0, null);
    }

    private static Field encodeTime(String name, Ratings r, int[] trainRows, long[] release, String dataName) {
        Field.TimePart part;
        try {
            part = Field.TimePart.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown time feature '" + name + "'; time features are: year, month, weekday, hour, days_since_release");
        }
        switch (part) {
            case YEAR: {
                int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
                for (int row : trainRows) {
                    int y = TimeParts.year(r.time(row));
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
                if (trainRows.length == 0) lo = hi = 1970;
                String[] vocab = new String[hi - lo + 2];
                vocab[0] = Field.UNKNOWN;
                for (int y = lo; y <= hi; y++) vocab[y - lo + 1] = Integer.toString(y);
                return new Field("year", Field.Source.TIME, Field.Kind.CATEGORY, vocab, null, null, null, 0f, 1f, part, lo, null);
            }
            case MONTH:
                return new Field("month", Field.Source.TIME, Field.Kind.CATEGORY, new String[] {Field.UNKNOWN, "Jan", "Feb", "Mar", "Apr",
                        "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}, null, null, null, 0f, 1f, part, 0, null);
            case WEEKDAY:
                return new Field("weekday", Field.Source.TIME, Field.Kind.CATEGORY, new String[] {Field.UNKNOWN, "Mon", "Tue", "Wed", "Thu",
                        "Fri", "Sat", "Sun"}, null, null, null, 0f, 1f, part, 0, null);
            case HOUR: {
                String[] vocab = new String[25];
                vocab[0] = Field.UNKNOWN;
                for (int h = 0; h < 24; h++) vocab[h + 1] = String.format("%02d", h);
                return new Field("hour", Field.Source.TIME, Field.Kind.CATEGORY, vocab, null, null, null, 0f, 1f, part, 0, null);
            }
            default: {
                if (release == null)
                    throw new IllegalArgumentException("days_since_release needs item release dates, and " + dataName + " has none");
                Field tmp = new Field("days_since_release", Field.Source.TIME, Field.Kind.NUMBER, null, null, null, null, 0f, 1f, part, 0, release);
                double s = 0, ss = 0;
                long w = 0;
                for (int row : trainRows) {
                    double v = tmp.rawTimeValue(r.time(row), r.item(row));
                    if (Double.isNaN(v)) continue;
                    s += v;
                    ss += v * v;
                    w++;
                }
                float mean = w == 0 ? 0f : (float) (s / w);
                double var = w == 0 ? 0 : ss / w - (s / w) * (s / w);
                float std = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
                return new Field("days_since_release", Field.Source.TIME, Field.Kind.NUMBER, null, null, null, null, mean, std, part, 0, release);
            }
        }
    }
}
