package org.collab4j.algo.nn;

import org.collab4j.io.BinaryIn;
import org.collab4j.io.BinaryOut;
import org.collab4j.io.CorruptModelException;
import org.collab4j.io.ModelCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.features.Features;
import org.collab4j.features.Field;
import org.collab4j.model.RatingModel;
import org.collab4j.nn.BatchNorm;
import org.collab4j.train.Param;

/**
 * Codec for {@link EmbeddingNN}: the architecture, the encoded side information (vocabularies,
 * per-user and per-item codes, standardisation statistics, time features), every parameter
 * tensor in {@link EmbeddingNN#params()} order and the batch-norm running statistics.
 */
public final class EmbeddingNNCodec implements ModelCodec {
    @Override
    public String name() {
        return "embedding-nn";
    }

    @Override
    public boolean handles(RatingModel model) {
        return model instanceof EmbeddingNN;
    }

    @Override
    public void write(RatingModel model, BinaryOut out) throws IOException {
        EmbeddingNN nn = (EmbeddingNN) model;
        EmbeddingNN.Config c = nn.config();
        out.writeInt(nn.numUsers());
        out.writeInt(nn.numItems());
        out.writeInt(nn.userDim());
        out.writeInt(nn.itemDim());
        out.writeInts(c.layers());
        out.writeFloat(c.embDrop());
        out.writeFloats(c.dropout());
        out.writeBoolean(c.yRange() != null);
        if (c.yRange() != null) out.writeFloats(c.yRange());
        out.writeLong(c.seed());
        writeFeatures(nn.features(), out);
        Param[] ps = nn.params();
        out.writeInt(ps.length);
        for (Param p : ps) out.writeFloats(p.value);
        for (BatchNorm bn : nn.batchNorms()) {
            out.writeFloats(bn.runningMean);
            out.writeFloats(bn.runningVar);
        }
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        int nu = in.readInt(), ni = in.readInt(), du = in.readInt(), di = in.readInt();
        int[] layers = in.readInts();
        float embDrop = in.readFloat();
        float[] dropout = in.readFloats();
        float[] yr = in.readBoolean() ? in.readFloats() : null;
        long seed = in.readLong();
        Features features = readFeatures(in, nu, ni);
        EmbeddingNN nn;
        try {
            nn = new EmbeddingNN(nu, ni, features, new EmbeddingNN.Config(du, di, layers, embDrop, dropout, yr, seed), false);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException("inconsistent neural network: " + e.getMessage());
        }
        Param[] ps = nn.params();
        int n = in.readInt();
        if (n != ps.length) throw new CorruptModelException("expected " + ps.length + " parameter tensors, found " + n);
        for (Param p : ps) copy(in.readFloats(), p.value, p.name);
        for (BatchNorm bn : nn.batchNorms()) {
            copy(in.readFloats(), bn.runningMean, "batch-norm running mean");
            copy(in.readFloats(), bn.runningVar, "batch-norm running variance");
        }
        return nn;
    }

    private static void copy(float[] from, float[] to, String what) throws CorruptModelException {
        if (from.length != to.length) throw new CorruptModelException(what + " has " + from.length + " values, expected " + to.length);
        System.arraycopy(from, 0, to, 0, to.length);
    }

    /** Writes encoded side information (the dot-bias model with features reuses it). */
    public static void writeFeatures(Features f, BinaryOut out) throws IOException {
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

    public static Features readFeatures(BinaryIn in, int nu, int ni) throws IOException {
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
