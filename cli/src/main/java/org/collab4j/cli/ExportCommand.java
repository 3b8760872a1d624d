package org.collab4j.cli;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.options.CommonOptions;
import org.collab4j.io.FactorExport;
import org.collab4j.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j export}: factors and biases for TensorBoard's projector, NumPy or a spreadsheet. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a model's item and user factors and biases, with ids, titles and rating counts, into a folder"
                + " as tsv (TensorBoard's projector), npy (NumPy) or csv.",
            "%n  tsv  TensorBoard projector: item_vectors.tsv, item_metadata.tsv,",
            "       user_vectors.tsv, user_metadata.tsv",
            "  npy  numpy.load: item_factors.npy, item_bias.npy, item_ids.npy,",
            "       item_titles.npy, item_ratings.npy, and the same for users",
            "  csv  items.csv and users.csv (id, title, bias, ratings, f0, f1, ...)"})
final class ExportCommand extends SavedModelCommand {
    @Option(names = "--format", defaultValue = "tsv", paramLabel = "F", description = "tsv, npy or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR", description = "Folder to write into, created when missing (default: the current folder).")
    Path out;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        FactorExport.Format f = FactorExport.Format.parse(format);
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainedModel model = modelOptions.load();
        List<Path> files = FactorExport.write(model, f, out);
        if (console.json) {
            ObjectNode o = console.object();
            o.put("format", f.name().toLowerCase(java.util.Locale.ROOT));
            o.put("out", out.toString());
            o.put("items", model.numItems());
            o.put("users", model.numUsers());
            ArrayNode arr = o.putArray("files");
            for (Path p : files) arr.add(p.toString());
            console.emit(o);
            return 0;
        }
        console.printf("exported %d items and %d users to %s:", model.numItems(), model.numUsers(), out);
        for (Path p : files) console.println("  " + p);
        return 0;
    }
}
