package dev.gradus.cli;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training curves of a {@code fit}: one panel per quantity (the loss, then each metric), each
 * with the training and, when there was validation, the validation values per epoch, stacked in one
 * figure. Drawn with XChart and written as PNG (ImageIO) and SVG (VectorGraphics2D, XChart's own
 * vector back end), so the same figure goes in a report or a web page.
 */
final class TrainingPlot {
    static final int WIDTH = 800, PANEL_HEIGHT = 300;

    private final List<XYChart> panels = new ArrayList<>();

    /** From a history: {@code loss, accuracy, val_loss, val_accuracy -> [per epoch]}. */
    TrainingPlot(String title, Map<String, List<Double>> history) {
        List<String> keys = new ArrayList<>();
        if (history.containsKey("loss")) keys.add("loss");
        for (String k : history.keySet()) if (!k.startsWith("val_") && !keys.contains(k) && !k.equals("learning_rate")) keys.add(k);
        for (String k : keys) {
            XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT)
                    .title(panels.isEmpty() ? title + ": " + k : k).xAxisTitle("epoch").yAxisTitle(k).build();
            Styler s = chart.getStyler();
            s.setChartBackgroundColor(Color.WHITE);
            s.setLegendPosition(Styler.LegendPosition.OutsideS);
            s.setLegendLayout(Styler.LegendLayout.Horizontal);
            chart.getStyler().setDecimalPattern("#0.####");
            add(chart, "train " + k, history.get(k));
            if (history.containsKey("val_" + k)) add(chart, "validation " + k, history.get("val_" + k));
            panels.add(chart);
        }
        if (panels.isEmpty()) throw new IllegalArgumentException("the history has no loss or metric to plot: " + history.keySet());
    }

    private static void add(XYChart chart, String name, List<Double> values) {
        double[] x = new double[values.size()], y = new double[values.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            y[i] = values.get(i) == null ? Double.NaN : values.get(i);
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
    }

    int height() {
        return PANEL_HEIGHT * panels.size();
    }

    void paint(Graphics2D g) {
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D panel = (Graphics2D) g.create(0, i * PANEL_HEIGHT, WIDTH, PANEL_HEIGHT);
            panels.get(i).paint(panel, WIDTH, PANEL_HEIGHT);
            panel.dispose();
        }
    }

    void writePng(Path target) {
        BufferedImage image = new BufferedImage(WIDTH, height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height());
        paint(g);
        g.dispose();
        OutputFiles.write(target, tmp -> {
            if (!ImageIO.write(image, "png", tmp.toFile())) throw new java.io.IOException("ImageIO has no PNG writer");
        });
    }

    void writeSvg(Path target) {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        Document doc = new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, WIDTH, height()));
        OutputFiles.write(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                doc.writeTo(out);
            }
        });
    }
}
