package org.collab4j.model;

import java.io.IOException;

/**
 * Writes and reads one family of models inside a model file. Each codec has a stable name,
 * stored in the file; the model file ({@code io.ModelFile}) finds the codec for a model by asking
 * the codecs of every installed algorithm ({@code train.Algorithm#codecs}) whether it
 * {@link #handles} it. The contract lives here, below {@code train}, so that an algorithm's
 * descriptor can name its codecs.
 */
public interface ModelCodec {
    String name();

    boolean handles(RatingModel model);

    void write(RatingModel model, BinaryOut out) throws IOException;

    RatingModel read(BinaryIn in) throws IOException;
}
