package org.collab4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.ann.ApproximateTopN;
import org.collab4j.recommend.ann.IndexFile;
import org.collab4j.recommend.ann.ItemIndex;

/**
 * The approximate index beside a model file ({@code MODEL.ann}): built by {@code index} and
 * {@code train --ann}, used by {@code recommend} unless {@code --exact} is given or the catalogue
 * is below {@link ApproximateTopN#MIN_ITEMS} items, where exact search is as fast.
 */
final class AnnIndex {
    private AnnIndex() {
    }

    /** What {@link #build} made. */
    record Built(Path path, int items, int factors, double seconds, long bytes) {
    }

    /** Builds the index of the model saved at {@code modelFile} and writes it beside it, atomically. */
    static Built build(Path modelFile, TrainedModel model, ItemIndex.Options options, Console console) throws IOException {
        if (!ItemIndex.supports(model.model()))
            throw new UserException("an approximate index needs a factor model (dot-bias, als, bpmf with factors); '" + model.kind()
                    + "' is always scored exactly");
        long t0 = System.nanoTime();
        var bar = console.bar("index", model.numItems(), "items");
        ItemIndex index = ItemIndex.build((FactorModel) model.model(), options, bar == null ? null : (done, total) -> bar.stepTo(done));
        console.finishProgress();
        Path path = IndexFile.beside(modelFile);
        IndexFile.write(index, modelFile, path);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Built(path, model.numItems(), ((FactorModel) model.model()).factors(), seconds, Files.size(path));
    }

    /**
     * The index to serve {@code model} (read from {@code modelFile}) through, or null for exact
     * search: none exists, {@code exact} was asked for, or the catalogue is too small to gain.
     * An index built from another model file is refused.
     */
    static ApproximateTopN forServing(Path modelFile, TrainedModel model, boolean exact, Console console) throws IOException {
        Path path = IndexFile.beside(modelFile);
        if (exact || !Files.exists(path)) return null;
        if (!ApproximateTopN.pays(model.numItems())) {
            console.warn("not using " + path + ": below " + ApproximateTopN.MIN_ITEMS + " items (this model has " + model.numItems()
                    + ") scoring every item is as fast as the index");
            return null;
        }
        return ApproximateTopN.beside(modelFile, model);
    }
}
