package org.collab4j.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.collab4j.options.CommonOptions;
import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.io.AtomicFiles;
import org.collab4j.model.TrainedModel;
import org.collab4j.shelves.ShelfScore;
import org.collab4j.shelves.Shelves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j shelves}: the catalogue's most popular items on R rows of C, by the model's item similarities. */
@Command(name = "shelves", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Arrange the R x C most popular items on R shelf rows of C: items taken together share a row, and neighbours on a row"
                + " are the most alike (by the model's item similarity). With --test, how many held-out users' item pairs land on one row,"
                + " against rows by popularity and random rows.")
final class ShelvesCommand extends SavedModelCommand {
    @Option(names = "--rows", required = true, paramLabel = "R", description = "Shelf rows.")
    int rows;

    @Option(names = "--per-row", required = true, paramLabel = "C", description = "Items per row.")
    int perRow;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the arrangement's first row (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--test", paramLabel = "FILE", description = "Held-out interactions (user, item[, value]) to measure the shelves on.")
    Path test;

    @Option(names = "--positive", paramLabel = "T", description = "With --test of star ratings: ratings of at least T are the interactions.")
    Float positive;

    @Option(names = "--columns", paramLabel = "LIST", description = "Field order of the --test file, e.g. user,item,rating.")
    String columns;

    @Option(names = "--png", paramLabel = "FILE", description = "Also draw the shelves as a PNG grid of titles.")
    Path png;

    @Mixin
    CommonOptions common = new CommonOptions();

    record Json(String model, String measure, int rows, @JsonProperty("per_row") int perRow, long seed,
                @JsonProperty("within_row_similarity") double withinRow, @JsonProperty("adjacent_similarity") double adjacent,
                List<Row> shelves, Evaluation evaluation) {
    }

    record Row(int row, List<Item> items) {
    }

    record Item(int position, String item, String title, @JsonProperty("training_users") int trainingUsers) {
    }

    /** Shares of held-out item pairs on one row ({@code same_row}) and side by side ({@code adjacent}), by arrangement. */
    record Evaluation(@JsonProperty("held_out_users") int users, long pairs, Shares shelves, Shares popularity, Shares random) {
    }

    record Shares(@JsonProperty("same_row") double sameRow, double adjacent) {
    }

    @Override
    public Integer call() throws Exception {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainedModel model = modelOptions.load();
        Shelves.Plan plan;
        try {
            plan = Shelves.arrange(model, rows, perRow, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        Evaluation evaluation = test == null ? null : evaluate(model, plan, console);
        List<Row> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<Item> items = new ArrayList<>();
            for (int c = 0; c < perRow; c++) {
                int i = plan.rows()[r][c];
                items.add(new Item(c + 1, model.itemIds().id(i), model.title(i), model.itemCount(i)));
            }
            out.add(new Row(r + 1, items));
        }
        if (png != null) drawPng(out, png);
        if (console.json) {
            console.emit(new Json(model.kind(), plan.measure(), rows, perRow, seed, plan.withinRow(), plan.adjacent(), out, evaluation));
            return 0;
        }
        console.println(String.format("%d rows of %d: the %d most popular items, rows of similar items (%s), neighbours most alike", rows, perRow,
                rows * perRow, plan.measure()));
        List<List<String>> table = new ArrayList<>();
        for (Row r : out) {
            List<String> titles = new ArrayList<>();
            for (Item it : r.items()) titles.add(it.title());
            table.add(List.of(Integer.toString(r.row()), String.join(" | ", titles)));
        }
        console.table(List.of("row", "items, in shelf order"), table);
        console.printf("within-row similarity %s, neighbours %s", Console.f(plan.withinRow(), 3), Console.f(plan.adjacent(), 3));
        if (evaluation != null) {
            console.printf("%d held-out users, %d pairs of their shelved items:", evaluation.users(), evaluation.pairs());
            console.table(List.of("arrangement", "same row", "side by side"), List.of(
                    List.of("these shelves", Console.f(evaluation.shelves().sameRow(), 4), Console.f(evaluation.shelves().adjacent(), 4)),
                    List.of("rows by popularity", Console.f(evaluation.popularity().sameRow(), 4), Console.f(evaluation.popularity().adjacent(), 4)),
                    List.of("random rows (expected)", Console.f(evaluation.random().sameRow(), 4), Console.f(evaluation.random().adjacent(), 4))));
        }
        if (png != null) console.printf("shelves drawn to %s", png);
        return 0;
    }

    /** The held-out users' items, in the model's item indices; items the model does not know are left out. */
    private Evaluation evaluate(TrainedModel model, Shelves.Plan plan, Console console) {
        DataOptions d = new DataOptions();
        d.data = test.toString();
        d.columns = columns;
        ImplicitOptions imp = new ImplicitOptions();
        imp.positive = positive;
        Dataset held = ImplicitRun.interactions(d, imp, model.kind(), Runtime.getRuntime().availableProcessors(), false, console);
        Ratings r = held.ratings();
        Map<Integer, List<Integer>> byUser = new HashMap<>();
        for (int j = 0; j < r.size(); j++) {
            int i = model.itemIds().index(r.itemIds().id(r.item(j)));
            if (i >= 0) byUser.computeIfAbsent(r.user(j), u -> new ArrayList<>()).add(i);
        }
        int[][] users = new int[byUser.size()][];
        int u = 0;
        for (List<Integer> items : byUser.values()) users[u++] = items.stream().mapToInt(Integer::intValue).toArray();
        ShelfScore.Share mine = ShelfScore.of(plan.rows(), model.numItems(), users);
        ShelfScore.Share pop = ShelfScore.of(Shelves.byPopularity(model, rows, perRow), model.numItems(), users);
        return new Evaluation(users.length, mine.pairs(), new Shares(mine.sameRow(), mine.adjacent()), new Shares(pop.sameRow(), pop.adjacent()),
                new Shares(ShelfScore.randomSameRow(rows, perRow), ShelfScore.randomAdjacent(rows, perRow)));
    }

    static final int CELL_W = 180, CELL_H = 64, MARGIN = 50;

    /** A grid: one band per row, one cell per item, the title wrapped to the cell. */
    static void drawPng(List<Row> rows, Path path) throws IOException {
        int cols = rows.get(0).items().size();
        int w = MARGIN + cols * CELL_W + 10, h = 20 + rows.size() * CELL_H + 10;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        for (Row r : rows) {
            int y = 20 + (r.row() - 1) * CELL_H;
            g.setColor(Color.DARK_GRAY);
            g.setFont(font.deriveFont(Font.BOLD, 14f));
            g.drawString(Integer.toString(r.row()), 15, y + CELL_H / 2 + 5);
            g.setFont(font);
            float hue = (r.row() - 1) / (float) Math.max(1, rows.size());
            for (Item it : r.items()) {
                int x = MARGIN + (it.position() - 1) * CELL_W;
                g.setColor(Color.getHSBColor(hue, 0.25f, 0.97f));
                g.fillRect(x + 2, y + 2, CELL_W - 4, CELL_H - 4);
                g.setColor(Color.GRAY);
                g.drawRect(x + 2, y + 2, CELL_W - 4, CELL_H - 4);
                g.setColor(Color.BLACK);
                List<String> lines = wrap(it.title(), fm, CELL_W - 12, 3);
                for (int l = 0; l < lines.size(); l++) g.drawString(lines.get(l), x + 6, y + 16 + l * (fm.getHeight()));
            }
        }
        g.dispose();
        AtomicFiles.write(path, o -> javax.imageio.ImageIO.write(img, "png", o));
    }

    /** Words of {@code text} in at most {@code maxLines} lines of {@code width} pixels, the last cut with an ellipsis. */
    static List<String> wrap(String text, FontMetrics fm, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        String[] words = text.split(" ");
        for (int k = 0; k < words.length; k++) {
            String next = line.length() == 0 ? words[k] : line + " " + words[k];
            if (fm.stringWidth(next) <= width || line.length() == 0) {
                line.setLength(0);
                line.append(next);
                continue;
            }
            lines.add(line.toString());
            line.setLength(0);
            line.append(words[k]);
            if (lines.size() == maxLines) {
                String last = lines.remove(maxLines - 1);
                while (last.length() > 1 && fm.stringWidth(last + "…") > width) last = last.substring(0, last.length() - 1);
                lines.add(last + "…");
                return lines;
            }
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }
}
