package org.collab4j.algo.ials;

import java.io.IOException;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.ModelCodec;
import org.collab4j.model.RatingModel;

/**
 * Codec for {@link IalsModel}: sizes, the hyperparameters a fold-in needs, the solver it was
 * trained with, and both factor matrices. The item Gram matrix is recomputed on reading, in the
 * same order as in training, so a loaded model folds users in exactly as the trained one.
 */
public final class IalsCodec implements ModelCodec {
    @Override
    public String name() {
        return IalsModel.KIND;
    }

    @Override
    public boolean handles(RatingModel model) {
        return model instanceof IalsModel;
    }

    @Override
    public void write(RatingModel model, BinaryOut out) throws IOException {
        IalsModel m = (IalsModel) model;
        out.writeInt(m.numUsers());
        out.writeInt(m.numItems());
        out.writeInt(m.factors());
        out.writeDouble(m.alpha0());
        out.writeDouble(m.lambda());
        out.writeDouble(m.nu());
        out.writeString(m.solver());
        out.writeFloats(m.userFactors());
        out.writeFloats(m.itemFactors());
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        int nu = in.readInt(), ni = in.readInt(), k = in.readInt();
        double alpha0 = in.readDouble(), lambda = in.readDouble(), exponent = in.readDouble();
        String solver = in.readString();
        float[] users = in.readFloats(), items = in.readFloats();
        try {
            return new IalsModel(nu, ni, k, users, items, alpha0, lambda, exponent, solver);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException("inconsistent ials model: " + e.getMessage());
        }
    }
}
