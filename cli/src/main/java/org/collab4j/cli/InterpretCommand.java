package org.collab4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.collab4j.options.CommonOptions;
import org.collab4j.interpret.Component;
import org.collab4j.interpret.FactorInterpretation;
import org.collab4j.interpret.Pca;
import org.collab4j.interpret.RankedItem;
import org.collab4j.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j interpret}: biases, principal directions of the item factors, and a map. */
@Command(name = "interpret", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What a latent-factor model learned (fastbook, chapter 8): the items and users with the lowest "
                + "and highest biases, the principal components of the factors of the most-rated items with the items "
                + "at both ends, and optionally a map of those items on the first two components."})
final class InterpretCommand extends SavedModelCommand {
    @Option(names = "--top", defaultValue = "1000", paramLabel = "N",
            description = "PCA over the N most-rated items, as the fastbook does (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = {"-n", "--n"}, defaultValue = "10", description = "Items per list (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--components", defaultValue = "3", paramLabel = "K", description = "Principal components to show (default: ${DEFAULT-VALUE}).")
    int components;

    @Option(names = "--plot", paramLabel = "PNG", description = "Draw the top items on the first two components into PNG.")
    Path plot;

    @Option(names = "--labels", defaultValue = "50", paramLabel = "L",
            description = "Label the L most-rated items on the map, leaving out labels that would overlap (default: ${DEFAULT-VALUE}).")
    int labels;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        if (top < 2) throw new UserException("--top must be at least 2, got " + top);
        if (n < 1 || n > 10_000) throw new UserException("-n must be between 1 and 10000, got " + n);
        if (components < 1) throw new UserException("--components must be at least 1, got " + components);
        if (labels < 0) throw new UserException("--labels must be 0 or more, got " + labels);
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainedModel model = modelOptions.load();
        FactorInterpretation fi = new FactorInterpretation(model);
        List<RankedItem> topBias = fi.topItemBiases(n), bottomBias = fi.bottomItemBiases(n);
        List<RankedItem> topUsers = fi.topUserBiases(n), bottomUsers = fi.bottomUserBiases(n);
        int kept = Math.min(components, fi.model().factors());
        List<Component> comps = fi.components(top, Math.max(kept, Math.min(2, fi.model().factors())), n);
        int used = fi.mostRated(top).length;
        if (plot != null) drawMap(fi, plot, used);

        if (console.json) {
            console.emit(InterpretJson.of(model.kind(), topBias, bottomBias, topUsers, bottomUsers, used, comps.subList(0, kept), plot));
            return 0;
        }
        console.println("Items with the highest bias (liked even by people whose taste they do not match):");
        itemTable(console, topBias, "bias");
        console.println("");
        console.println("Items with the lowest bias (disliked even by people whose taste they match):");
        itemTable(console, bottomBias, "bias");
        console.println("");
        console.println("Users who rate highest, whatever the item:");
        userTable(console, topUsers);
        console.println("");
        console.println("Users who rate lowest, whatever the item:");
        userTable(console, bottomUsers);
        for (Component c : comps.subList(0, kept)) {
            console.println("");
            console.printf("Component %d of the factors of the %d most-rated items (%.1f%% of their variance):",
                    c.index() + 1, used, 100 * c.varianceShare());
            console.println("  one end:");
            itemTable(console, c.positive(), "value");
            console.println("  other end:");
            itemTable(console, c.negative(), "value");
        }
        if (plot != null) console.println("\nmap written to " + plot);
        return 0;
    }

    private void drawMap(FactorInterpretation fi, Path out, int used) throws java.io.IOException {
        if (fi.model().factors() < 2) throw new UserException("the map needs at least 2 factors; the model has 1");
        int[] rows = fi.mostRated(top);
        Pca pca = fi.pca(top, 2);
        float[] q = fi.model().itemFactors();
        List<Charts.MapPoint> points = new ArrayList<>(rows.length);
        // most-rated first: those get their labels placed first
        for (int j = 0; j < rows.length; j++) {
            int i = rows[j];
            points.add(new Charts.MapPoint(pca.project(q, i, 0), pca.project(q, i, 1), fi.trained().title(i), j < labels));
        }
        String title = String.format(Locale.ROOT, "The %d most-rated items on the first two principal components (%d labelled)",
                used, Math.min(labels, used));
        Charts.writePng(Charts.map(points, title,
                String.format(Locale.ROOT, "component 1 (%.1f%% of variance)", 100 * pca.varianceShare(0)),
                String.format(Locale.ROOT, "component 2 (%.1f%% of variance)", 100 * pca.varianceShare(1))), out);
    }

    private static void itemTable(Console console, List<RankedItem> list, String valueName) {
        List<List<String>> rows = new ArrayList<>();
        for (RankedItem r : list) rows.add(List.of(Console.f(r.value(), 3), Integer.toString(r.ratings()), r.id(), r.title()));
        console.table(List.of(valueName, "ratings", "item", "title"), rows);
    }

    private static void userTable(Console console, List<RankedItem> list) {
        List<List<String>> rows = new ArrayList<>();
        for (RankedItem r : list) rows.add(List.of(Console.f(r.value(), 3), Integer.toString(r.ratings()), r.id()));
        console.table(List.of("bias", "ratings", "user"), rows);
    }
}
