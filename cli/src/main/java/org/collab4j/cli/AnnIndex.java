package org.collab4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.ann.ApproximateSimilar;
import org.collab4j.recommend.ann.ApproximateTopN;
import org.collab4j.recommend.ann.IndexFile;
import org.collab4j.recommend.ann.ItemIndex;

/**
 * The approximate indexes beside a model file: {@code MODEL.ann} (users' top-N) and
 * {@code MODEL.similar.ann} (similar items), built by {@code index} and {@code train --ann}, used
 * by {@code recommend} and {@code similar} unless {@code --exact} is given or the catalogue is
 * too small for the index's method ({@link ApproximateTopN#minItems}), where exact search is faster.
 */
final class AnnIndex {
    private AnnIndex() {
    }

    /** What {@link #build} made: one index file of {@code kind}. */
    record Built(ItemIndex.Kind kind, Path path, int items, int factors, int lists, int scan, double seconds, long bytes) {
    }

    /** Builds the indexes of {@code kinds} of the model saved at {@code modelFile} and writes each beside it, atomically. */
    static List<Built> build(Path modelFile, TrainedModel model, ItemIndex.Settings options, List<ItemIndex.Kind> kinds, Console console)
            throws IOException {
        if (!ItemIndex.supports(model.model()))
            throw new UserException("an approximate index needs a factor model (dot-bias, als, bpmf with factors); '" + model.kind()
                    + "' is always scored exactly");
        List<Built> built = new ArrayList<>();
        for (ItemIndex.Kind kind : kinds) {
            long t0 = System.nanoTime();
            boolean lists = options.method() == ItemIndex.Method.LISTS;
            var bar = console.bar(kind == ItemIndex.Kind.USER_ITEM ? "index" : "similar index", lists ? 1 : model.numItems(),
                    lists ? "k-means steps" : "items");
            ItemIndex index = ItemIndex.build((FactorModel) model.model(), kind, options, bar == null ? null : (done, total) -> {
                bar.maxHint(total);
                bar.stepTo(done);
            });
            console.finishProgress();
            Path path = IndexFile.beside(modelFile, kind);
            IndexFile.write(index, modelFile, path);
            double seconds = (System.nanoTime() - t0) / 1e9;
            built.add(new Built(kind, path, model.numItems(), ((FactorModel) model.model()).factors(), index.lists(),
                    index.method() == ItemIndex.Method.LISTS ? index.scan() : 0, seconds, Files.size(path)));
        }
        return built;
    }

    /**
     * The similar-items index to answer {@code similar} for {@code model} (read from
     * {@code modelFile}) through, or null for exact search, on the same terms as {@link #forServing}.
     */
    static ApproximateSimilar similarForServing(Path modelFile, TrainedModel model, boolean exact, Console console) throws IOException {
        ItemIndex index = usable(modelFile, model, exact, console, ItemIndex.Kind.ITEM_ITEM);
        return index == null ? null : new ApproximateSimilar(model, index);
    }

    /**
     * The index to serve {@code model} (read from {@code modelFile}) through, or null for exact
     * search: none exists, {@code exact} was asked for, or the catalogue is too small for it to gain.
     * An index built from another model file is refused.
     */
    static ApproximateTopN forServing(Path modelFile, TrainedModel model, boolean exact, Console console) throws IOException {
        ItemIndex index = usable(modelFile, model, exact, console, ItemIndex.Kind.USER_ITEM);
        return index == null ? null : new ApproximateTopN(model, index);
    }

    /**
     * The index of {@code kind} beside {@code modelFile}, unless {@code exact} was asked for, there
     * is none, or the catalogue is too small for it to pay (a warning then says why it is left
     * unused); one built from another model file is refused.
     */
    private static ItemIndex usable(Path modelFile, TrainedModel model, boolean exact, Console console, ItemIndex.Kind kind) throws IOException {
        ItemIndex index = exact ? null : IndexFile.readBeside(modelFile, model, kind);
        if (index == null || ApproximateTopN.pays(index.method(), model.numItems())) return index;
        console.warn("not using " + IndexFile.beside(modelFile, kind) + ": below " + ApproximateTopN.minItems(index.method()) + " items (this model has "
                + model.numItems() + ") scoring every item is faster than the " + (index.method() == ItemIndex.Method.LISTS ? "lists" : "graph"));
        return null;
    }
}
