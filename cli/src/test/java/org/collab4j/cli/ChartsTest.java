package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.FontMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.collab4j.train.EpochResult;
import org.collab4j.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pictures: written, decodable at the asked size, not blank; readable labels on the map. */
class ChartsTest {
    @TempDir
    Path dir;

    /** Decodes a PNG, checks its size and that its grey levels vary (not a blank image). */
    static BufferedImage assertPicture(Path png, int width, int height) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("decodes as an image").isNotNull();
        assertThat(img.getWidth()).isEqualTo(width);
        assertThat(img.getHeight()).isEqualTo(height);
        double sum = 0, sq = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                double g = ((rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255)) / 3.0;
                sum += g;
                sq += g * g;
                n++;
            }
        }
        double mean = sum / n, variance = sq / n - mean * mean;
        assertThat(variance).as("pixel variance").isGreaterThan(100);
        return img;
    }

    @Test
    void mapIsWrittenAtItsSize() throws Exception {
        List<Charts.MapPoint> pts = new ArrayList<>();
        for (int i = 0; i < 200; i++) pts.add(new Charts.MapPoint(Math.cos(i), Math.sin(i * 1.7), "Film " + i + " (1990)", i < 50));
        Path png = dir.resolve("map.png");
        Charts.writePng(Charts.map(pts, "map", "pc1", "pc2"), png);
        assertPicture(png, Charts.MAP_WIDTH, Charts.MAP_HEIGHT);
    }

    @Test
    void overlappingLabelsAreLeftOutInOrder() {
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(Charts.LABEL_FONT);
        List<Charts.MapPoint> pts = List.of(
                new Charts.MapPoint(0, 0, "Star Wars (1977)", true),
                new Charts.MapPoint(0.001, 0.001, "Contact (1997)", true), // on top of the first: left out
                new Charts.MapPoint(5, 0, "Fargo (1996)", true), // far to the right: kept
                new Charts.MapPoint(0, 5, "Scream (1996)", false), // not to be labelled
                new Charts.MapPoint(0, 0.5, "Liar Liar (1997)", true)); // 100 px above the first: kept
        assertThat(Charts.placeLabels(pts, 200, 200, fm)).containsExactly(0, 2, 4);
    }

    @Test
    void lrFinderPlotIsWritten() throws Exception {
        int n = 60;
        double[] lrs = new double[n], losses = new double[n];
        for (int i = 0; i < n; i++) {
            lrs[i] = 1e-7 * Math.pow(1e8, i / 60.0);
            losses[i] = 2 - Math.tanh((i - 30) / 8.0) + (i > 50 ? (i - 50) * 0.5 : 0);
        }
        Path png = dir.resolve("lr.png");
        Charts.writePng(Charts.lrFind(lrs, losses, lrs[30], lrs[28], 30, 28), png);
        assertPicture(png, Charts.PLOT_WIDTH, Charts.PLOT_HEIGHT);
    }

    @Test
    void trainingCurvesAndHistoryCsv() throws Exception {
        History h = new History();
        h.beforeFit(2, 3);
        float[] losses = {4, 3, 2, 1.5f, 1.2f, 1.1f};
        for (int b = 0; b < 6; b++) {
            h.afterBatch(b / 3, b % 3, 0.01 * (b + 1), losses[b]);
            if (b % 3 == 2) h.afterEpoch(new EpochResult(b / 3, losses[b], 2.5 - b / 3, 0.1));
        }
        Path png = dir.resolve("curves.png");
        TrainingCurves.plot(h, 3, png);
        assertPicture(png, Charts.PLOT_WIDTH, Charts.PLOT_HEIGHT);
        Path csv = dir.resolve("h.csv");
        TrainingCurves.writeCsv(h, 3, csv);
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).isEqualTo("iteration,epoch,lr,train_loss,smooth_loss,valid_loss");
        // smooth_loss of batch 2: (0.02*4*0.98 + 0.02*3) / (1 - 0.98^2) = 3.49495
        assertThat(lines.get(1)).isEqualTo("1,0,0.0100000,4.00000,4.00000,");
        assertThat(lines.get(2)).isEqualTo("2,0,0.0200000,3.00000,3.49495,");
        assertThat(lines.get(3)).endsWith(",2.50000");
        assertThat(lines.get(4)).startsWith("4,1,").endsWith(",");
        assertThat(lines.get(6)).startsWith("6,1,").endsWith(",1.50000");
    }
}
