package org.collab4j.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.collab4j.data.SideTable;

/**
 * A user or an item that is not in a model's data at all, described by raw side values (age 25,
 * gender F, occupation student, ...) and encoded exactly as training encoded its own users or
 * items: numbers standardised with the saved training mean and standard deviation, categories
 * through the saved vocabulary. Made by {@link Features#profile}; scored by a
 * {@link org.collab4j.model.SideInfoModel}. Immutable.
 *
 * <p>What cannot be encoded as given is stated in {@link #notes()}, never guessed silently:
 * <ul>
 * <li>a number not given: 0 after standardising, i.e. the training mean;</li>
 * <li>a category not given, or never seen in training (no training rating came from a user or
 * item with it): the unknown slot (code 0), the one users without that information take.</li>
 * </ul>
 * Categories match the vocabulary exactly, else ignoring case; a MovieLens {@code zip} may be the
 * full zip code, of which training kept the region (its first two characters, see
 * {@link SideTable#of(org.collab4j.data.UserInfo)}).
 */
public final class SideProfile {
    private final Features features;
    private final Field.Source source;
    private final Field[] fields;
    private final Map<String, String> used;
    private final List<String> notes;

    SideProfile(Features features, Field.Source source, Field[] fields, Map<String, String> used, List<String> notes) {
        this.features = features;
        this.source = source;
        this.fields = fields;
        this.used = Collections.unmodifiableMap(new LinkedHashMap<>(used));
        this.notes = List.copyOf(notes);
    }

    /** The encoding this profile was made with (a model checks that it is its own). */
    public Features features() {
        return features;
    }

    /** {@link Field.Source#USER} or {@link Field.Source#ITEM}. */
    public Field.Source source() {
        return source;
    }

    /**
     * The model's fields in order, those of {@link #source()} replaced by one-entity fields (the
     * new user or item is entity 0 of them); the others are the model's own. Shared, not copied.
     */
    public Field[] fields() {
        return fields;
    }

    /** Each of this side's fields and the value it was scored with: a category of the vocabulary, {@code #unknown#}, or a number. */
    public Map<String, String> used() {
        return used;
    }

    /** What was not given or not known, and what was used instead; empty when everything was encoded as given. */
    public List<String> notes() {
        return notes;
    }

    /** Encodes {@code raw} for the fields of {@code source}; see {@link Features#profile}. */
    static SideProfile encode(Features features, Field.Source source, Map<String, List<String>> raw) {
        if (source == Field.Source.TIME) throw new IllegalArgumentException("a new user or item is described by user or item features, not time");
        String side = source.name().toLowerCase(Locale.ROOT);
        List<Field> all = features.fields();
        List<String> names = new ArrayList<>();
        for (Field f : all) if (f.source() == source) names.add(f.name());
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : raw.entrySet()) {
            String match = null;
            for (String n : names) if (n.equalsIgnoreCase(e.getKey().trim())) match = n;
            if (match == null)
                throw new IllegalArgumentException("the model has no " + side + " feature '" + e.getKey() + "'; "
                        + (names.isEmpty() ? "it takes no " + side + " features" : "its " + side + " features are: " + String.join(", ", names)));
            List<String> values = new ArrayList<>();
            if (e.getValue() != null) for (String v : e.getValue()) if (v != null && !v.isBlank()) values.add(v.trim());
            given.put(match, values);
        }
        Field[] out = all.toArray(new Field[0]);
        Map<String, String> used = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (int f = 0; f < out.length; f++) {
            Field fd = out[f];
            if (fd.source() != source) continue;
            List<String> values = given.getOrDefault(fd.name(), List.of());
            out[f] = switch (fd.kind()) {
                case NUMBER -> number(fd, side, values, used, notes);
                case CATEGORY -> category(fd, side, values, used, notes);
                case CATEGORIES -> categories(fd, values, used, notes);
            };
        }
        return new SideProfile(features, source, out, used, notes);
    }

    private static Field number(Field fd, String side, List<String> values, Map<String, String> used, List<String> notes) {
        if (values.size() > 1)
            throw new IllegalArgumentException(side + " feature " + fd.name() + " is one number, got " + values.size() + ": " + String.join(", ", values));
        float x = 0f;
        if (values.isEmpty()) {
            notes.add(fd.name() + " not given: the training mean, " + fmt(fd.mean()));
            used.put(fd.name(), fmt(fd.mean()));
        } else {
            double v;
            try {
                v = Double.parseDouble(values.get(0));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(side + " feature " + fd.name() + " must be a number, got '" + values.get(0) + "'");
            }
            if (!Double.isFinite(v)) throw new IllegalArgumentException(side + " feature " + fd.name() + " must be a finite number, got '" + values.get(0) + "'");
            x = ((float) v - fd.mean()) / fd.std();
            used.put(fd.name(), values.get(0));
        }
        return new Field(fd.name(), fd.source(), fd.kind(), null, null, null, new float[] {x}, fd.mean(), fd.std(), null, 0, null);
    }

    private static Field category(Field fd, String side, List<String> values, Map<String, String> used, List<String> notes) {
        if (values.size() > 1)
            throw new IllegalArgumentException(side + " feature " + fd.name() + " is one category, got " + values.size() + ": " + String.join(", ", values));
        int code = 0;
        if (values.isEmpty()) notes.add(fd.name() + " not given: the unknown slot");
        else code = lookup(fd, values.get(0), notes);
        used.put(fd.name(), fd.vocab()[code]);
        return new Field(fd.name(), fd.source(), fd.kind(), fd.vocab(), null, new int[] {code}, null, 0f, 1f, null, 0, null);
    }

    private static Field categories(Field fd, List<String> values, Map<String, String> used, List<String> notes) {
        int[] codes;
        if (values.isEmpty()) {
            notes.add(fd.name() + " not given: the unknown slot");
            codes = new int[1];
        } else {
            codes = new int[values.size()];
            for (int j = 0; j < codes.length; j++) codes[j] = lookup(fd, values.get(j), notes);
        }
        StringBuilder b = new StringBuilder();
        for (int c : codes) b.append(b.length() > 0 ? "|" : "").append(fd.vocab()[c]);
        used.put(fd.name(), b.toString());
        return new Field(fd.name(), fd.source(), fd.kind(), fd.vocab(), new int[] {0, codes.length}, codes, null, 0f, 1f, null, 0, null);
    }

    /** The code of {@code value} (exact, then ignoring case, then a MovieLens zip's region), or 0 with a note. */
    private static int lookup(Field fd, String value, List<String> notes) {
        String[] vocab = fd.vocab();
        for (int c = 1; c < vocab.length; c++) if (vocab[c].equals(value)) return c;
        for (int c = 1; c < vocab.length; c++) if (vocab[c].equalsIgnoreCase(value)) return c;
        if (fd.name().equalsIgnoreCase("zip") && value.length() > 2) {
            String region = SideTable.zipRegion(value);
            for (int c = 1; c < vocab.length; c++) if (vocab[c].equals(region)) return c;
        }
        notes.add(fd.name() + " '" + value + "' was not seen in training: the unknown slot");
        return 0;
    }

    private static String fmt(float v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
