package org.collab4j.algo.nn;

import org.collab4j.io.FeaturesCodec;
import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.TypedCodec;
import java.io.IOException;

import org.collab4j.features.Features;
import org.collab4j.model.RatingModel;
import org.collab4j.nn.BatchNorm;
import org.collab4j.train.Param;

/**
 * Codec for {@link EmbeddingNN}: the architecture, the encoded side information (vocabularies,
 * per-user and per-item codes, standardisation statistics, time features), every parameter
 * tensor in {@link EmbeddingNN#params()} order and the batch-norm running statistics.
 */
public final class EmbeddingNNCodec extends TypedCodec<EmbeddingNN> {
    public EmbeddingNNCodec() {
        super("embedding-nn", EmbeddingNN.class);
    }

    @Override
    protected void writeModel(EmbeddingNN nn, BinaryOut out) throws IOException {
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
        FeaturesCodec.write(nn.features(), out);
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
        Features features = FeaturesCodec.read(in, nu, ni);
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
}
