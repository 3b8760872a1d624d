package org.collab4j.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.features.Features;
import org.collab4j.features.Field;
import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;

/**
 * The model-file encoding of side information ({@link Features}): each field's name, source,
 * kind, vocabulary, per-user or per-item codes or values, standardisation statistics and time
 * part. Shared by the codecs of every model that takes features ({@code nn}, {@code dot-bias}
 * with features).
 */
public final class FeaturesCodec {
    private FeaturesCodec() {
    }

    /** Writes encoded side information. */
    public static void write(Features f, BinaryOut out) throws IOException {
        out.writeInt(f.fields().size());
        for (Field d : f.fields()) {
            out.writeString(d.name());
            out.writeInt(d.source().ordinal());
            out.writeInt(d.kind().ordinal());
            out.writeBoolean(d.vocab() != null);
            if (d.vocab() != null) out.writeStrings(d.vocab());
            out.writeBoolean(d.start() != null);
            if (d.start() != null) out.writeInts(d.start());
            out.writeBoolean(d.codes() != null);
            if (d.codes() != null) out.writeInts(d.codes());
            out.writeBoolean(d.values() != null);
            if (d.values() != null) out.writeFloats(d.values());
            out.writeFloat(d.mean());
            out.writeFloat(d.std());
            out.writeInt(d.part() == null ? -1 : d.part().ordinal());
            out.writeInt(d.yearBase());
            out.writeBoolean(d.releaseDays() != null);
            if (d.releaseDays() != null) out.writeLongs(d.releaseDays());
        }
    }

    /** Reads what {@link #write} wrote, for a model of {@code nu} users and {@code ni} items, checking every code and size. */
    public static Features read(BinaryIn in, int nu, int ni) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000) throw new CorruptModelException("bad feature count " + n);
        List<Field> fields = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            String name = in.readString();
            Field.Source source = enumAt(Field.Source.values(), in.readInt(), "feature source");
            Field.Kind kind = enumAt(Field.Kind.values(), in.readInt(), "feature kind");
            String[] vocab = in.readBoolean() ? in.readStrings() : null;
            int[] start = in.readBoolean() ? in.readInts() : null;
            int[] codes = in.readBoolean() ? in.readInts() : null;
            float[] values = in.readBoolean() ? in.readFloats() : null;
            float mean = in.readFloat(), std = in.readFloat();
            int part = in.readInt();
            int yearBase = in.readInt();
            long[] release = in.readBoolean() ? in.readLongs() : null;
            Field f = new Field(name, source, kind, vocab, start, codes, values, mean, std,
                    part < 0 ? null : enumAt(Field.TimePart.values(), part, "time feature"), yearBase, release);
            check(f, nu, ni);
            fields.add(f);
        }
        return new Features(fields, nu, ni);
    }

    /** Codes within the vocabulary and arrays sized to their entities, so a damaged file cannot index out of bounds later. */
    private static void check(Field f, int nu, int ni) throws CorruptModelException {
        int entities = f.source() == Field.Source.USER ? nu : f.source() == Field.Source.ITEM ? ni : -1;
        if (f.isCategorical() && (f.vocab() == null || f.vocab().length == 0)) throw new CorruptModelException("feature " + f.name() + " has no vocabulary");
        if (entities < 0) {
            if (f.part() == null) throw new CorruptModelException("time feature " + f.name() + " has no part");
            return;
        }
        if (f.kind() == Field.Kind.NUMBER) {
            if (f.values() == null || f.values().length != entities) throw new CorruptModelException("feature " + f.name() + " has the wrong number of values");
            return;
        }
        if (f.codes() == null) throw new CorruptModelException("feature " + f.name() + " has no codes");
        if (f.kind() == Field.Kind.CATEGORY && f.codes().length != entities) throw new CorruptModelException("feature " + f.name() + " has the wrong number of codes");
        if (f.kind() == Field.Kind.CATEGORIES) {
            int[] s = f.start();
            if (s == null || s.length != entities + 1 || s[0] != 0 || s[entities] != f.codes().length)
                throw new CorruptModelException("feature " + f.name() + " has bad offsets");
            for (int e = 0; e < entities; e++) if (s[e + 1] < s[e]) throw new CorruptModelException("feature " + f.name() + " has bad offsets");
        }
        for (int c : f.codes()) if (c < 0 || c >= f.vocab().length) throw new CorruptModelException("feature " + f.name() + " has a code out of range");
    }

    private static <E> E enumAt(E[] values, int ordinal, String what) throws CorruptModelException {
        if (ordinal < 0 || ordinal >= values.length) throw new CorruptModelException("bad " + what + " " + ordinal);
        return values[ordinal];
    }
}
