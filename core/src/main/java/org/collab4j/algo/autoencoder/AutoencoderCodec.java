package org.collab4j.algo.autoencoder;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.TypedCodec;
import java.io.IOException;

import org.collab4j.model.RatingModel;

/**
 * Codec for {@link AutoencoderModel}: sizes, the global mean, the users' and items' mean
 * training ratings (NaN for none) and the dense {@code items x users} matrix of predictions.
 */
public final class AutoencoderCodec extends TypedCodec<AutoencoderModel> {
    public AutoencoderCodec() {
        super(AutoencoderModel.KIND, AutoencoderModel.class);
    }

    @Override
    protected void writeModel(AutoencoderModel m, BinaryOut out) throws IOException {
        out.writeInt(m.numUsers());
        out.writeInt(m.numItems());
        out.writeFloat(m.global());
        out.writeFloats(m.userMean());
        out.writeFloats(m.itemMean());
        out.writeFloats(m.predictions());
    }

    @Override
    public RatingModel read(BinaryIn in) throws IOException {
        int nu = in.readInt(), ni = in.readInt();
        float global = in.readFloat();
        float[] userMean = in.readFloats(), itemMean = in.readFloats(), predictions = in.readFloats();
        for (float p : predictions) if (!Float.isFinite(p)) throw new CorruptModelException("a stored prediction is " + p);
        try {
            return new AutoencoderModel(nu, ni, predictions, userMean, itemMean, global);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException("inconsistent autoencoder model: " + e.getMessage());
        }
    }
}
