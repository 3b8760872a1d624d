package org.collab4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.collab4j.io.AtomicFiles;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The pictures: the item map, the learning-rate finder's curve and training curves, as PNG (XChart). */
final class Charts {
    static final int MAP_WIDTH = 1400, MAP_HEIGHT = 1000;
    static final int PLOT_WIDTH = 1000, PLOT_HEIGHT = 650;
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Color GREY = new Color(150, 150, 150, 140), BLUE = new Color(31, 119, 180), ORANGE = new Color(255, 127, 14),
            RED = new Color(214, 39, 40), GREEN = new Color(44, 160, 44);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** A point of the map: coordinates, a label, and whether to label it. */
    record MapPoint(double x, double y, String label, boolean labelled) {
    }

    /**
     * A scatter of items on two principal components. Labelled points are drawn larger and
     * labelled in order, skipping a label that would overlap one already placed.
     */
    static XYChart map(List<MapPoint> points, String title, String xTitle, String yTitle) {
        XYChart chart = base(MAP_WIDTH, MAP_HEIGHT, title, xTitle, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setAnnotationTextFont(LABEL_FONT);
        chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = minX, maxY = maxX;
        List<Double> ox = new ArrayList<>(), oy = new ArrayList<>(), lx = new ArrayList<>(), ly = new ArrayList<>();
        for (MapPoint p : points) {
            minX = Math.min(minX, p.x());
            maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, p.y());
            maxY = Math.max(maxY, p.y());
            (p.labelled() ? lx : ox).add(p.x());
            (p.labelled() ? ly : oy).add(p.y());
        }
        double padX = (maxX - minX) * 0.08 + 1e-9, padY = (maxY - minY) * 0.05 + 1e-9;
        minX -= padX;
        maxX += padX;
        minY -= padY;
        maxY += padY;
        chart.getStyler().setXAxisMin(minX).setXAxisMax(maxX).setYAxisMin(minY).setYAxisMax(maxY);
        if (!ox.isEmpty()) chart.addSeries("items", ox, oy).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(GREY);
        if (!lx.isEmpty()) chart.addSeries("labelled", lx, ly).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(BLUE);
        // pixels per data unit, from the plot area (the chart less its title, axes and margins)
        double sx = (MAP_WIDTH - 110) / (maxX - minX), sy = (MAP_HEIGHT - 120) / (maxY - minY);
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(LABEL_FONT);
        double lift = fm.getHeight() * 0.5 + 3;
        for (int j : placeLabels(points, sx, sy, fm)) {
            MapPoint p = points.get(j);
            chart.addAnnotation(new AnnotationText(p.label(), p.x(), p.y() + lift / sy, false));
        }
        return chart;
    }

    /**
     * Which labelled points get their label drawn: in the given order, each label (centred just
     * above its point, {@code sx}, {@code sy} pixels per data unit) unless its box would overlap
     * one already placed.
     */
    static List<Integer> placeLabels(List<MapPoint> points, double sx, double sy, FontMetrics fm) {
        List<Integer> out = new ArrayList<>();
        List<double[]> placed = new ArrayList<>(); // boxes in pixels: x0, y0, x1, y1
        double h = fm.getHeight();
        for (int j = 0; j < points.size(); j++) {
            MapPoint p = points.get(j);
            if (!p.labelled() || p.label() == null) continue;
            double w = fm.stringWidth(p.label()) + 4;
            double cx = p.x() * sx, cy = p.y() * sy + h * 0.5 + 3;
            double[] box = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
            boolean free = true;
            for (double[] b : placed) if (box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) { free = false; break; }
            if (!free) continue;
            placed.add(box);
            out.add(j);
        }
        return out;
    }

    /** The learning-rate finder's smoothed loss against the rate (log axis), the suggestions marked. */
    static XYChart lrFind(double[] lrs, double[] losses, double valley, double steep, int valleyAt, int steepAt) {
        XYChart chart = base(PLOT_WIDTH, PLOT_HEIGHT, "Learning-rate finder", "learning rate (log scale)", "loss (smoothed)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.0E0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        // as fastai's plot: without the last 5 points, where the loss has usually exploded
        int n = Math.max(1, lrs.length - 5);
        double[] x = java.util.Arrays.copyOf(lrs, n), y = java.util.Arrays.copyOf(losses, n);
        chart.addSeries("loss", x, y).setMarker(SeriesMarkers.NONE).setLineColor(BLUE);
        if (Double.isFinite(valley)) mark(chart, String.format(Locale.ROOT, "valley %.2e", valley), valley, losses[valleyAt], RED);
        if (Double.isFinite(steep)) mark(chart, String.format(Locale.ROOT, "steep %.2e", steep), steep, losses[steepAt], GREEN);
        return chart;
    }

    private static void mark(XYChart chart, String name, double x, double y, Color color) {
        XYSeries s = chart.addSeries(name, new double[] {x}, new double[] {y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
    }

    /**
     * fastai's {@code plot_loss}: the smoothed training loss of every batch and the validation
     * loss at the end of each epoch, against the batch number.
     */
    static XYChart curves(float[] smoothTrain, double[] validAt, double[] validLoss) {
        XYChart chart = base(PLOT_WIDTH, PLOT_HEIGHT, "Training curves", "batch", "loss (MSE)");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#");
        if (smoothTrain.length > 0) {
            double[] x = new double[smoothTrain.length], y = new double[smoothTrain.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
                y[i] = smoothTrain[i];
            }
            chart.addSeries("train (smoothed)", x, y).setMarker(SeriesMarkers.NONE).setLineColor(BLUE);
        }
        if (validAt.length > 0) {
            XYSeries v = chart.addSeries("valid", validAt, validLoss);
            v.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(ORANGE).setLineColor(ORANGE);
        }
        return chart;
    }

    private static XYChart base(int w, int h, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(w).height(h).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setAntiAlias(true);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(1f));
        return chart;
    }

    /** Writes {@code chart} as a PNG atomically. */
    static void writePng(XYChart chart, Path path) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(path, out -> out.write(png));
    }
}
