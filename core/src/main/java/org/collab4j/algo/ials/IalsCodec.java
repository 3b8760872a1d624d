package org.collab4j.algo.ials;

import java.io.IOException;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TypedCodec;

/**
 * Codec for {@link IalsModel}: sizes, the hyperparameters a fold-in needs, the solver it was
 * trained with, and both factor matrices. The item Gram matrix is recomputed on reading, in the
 * same order as in training, so a loaded model folds users in exactly as the trained one.
 */
public final class IalsCodec extends TypedCodec<IalsModel> {
    public IalsCodec() {
        super(IalsModel.KIND, IalsModel.class);
    }

    @Override
    protected void writeModel(IalsModel m, BinaryOut out) throws IOException {
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
