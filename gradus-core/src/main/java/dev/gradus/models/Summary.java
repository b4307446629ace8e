package dev.gradus.models;

import dev.gradus.autodiff.Variable;
import dev.gradus.layers.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras's {@code model.summary()} table, as its {@code rich} rendering prints it to a plain
 * console: 88 columns for sequential-like models ([0.45, 0.80, 1.0] of the width), 108 with a
 * "Connected to" column for other functional graphs, then the parameter totals with their size
 * in memory (float32: 4 bytes each).
 */
final class Summary {
    private Summary() {}

    static String render(Model model) {
        boolean seq = model.sequentialLike();
        int lineLength = seq ? 88 : 108;
        double[] positions = seq ? new double[] {0.45, 0.80, 1.0} : new double[] {0.3, 0.56, 0.74, 1.0};
        String[] header = seq ? new String[] {"Layer (type)", "Output Shape", "Param #"}
                : new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"};
        boolean[] right = seq ? new boolean[] {false, false, true} : new boolean[] {false, false, true, false};
        int[] widths = columnWidths(lineLength, positions);

        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append(border('┏', '━', '┳', '┓', widths));
        sb.append(row(header, right, widths, '┃'));
        sb.append(border('┡', '━', '╇', '┩', widths));
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String shape = model.layerOutputShapeText(l);
            String params = l.built() ? String.format(Locale.ROOT, "%,d", l.countParams()) : "0 (unbuilt)";
            String[] cells = seq
                    ? new String[] {l.name() + " (" + l.getClass().getSimpleName() + ")", shape, params}
                    : new String[] {l.name() + " (" + l.getClass().getSimpleName() + ")", shape, params, model.connections(l)};
            sb.append(row(cells, right, widths, '│'));
            if (i < layers.size() - 1) sb.append(border('├', '─', '┼', '┤', widths));
        }
        sb.append(border('└', '─', '┴', '┘', widths));

        long trainable = count(model.trainableWeights());
        long nonTrainable = count(model.nonTrainableWeights());
        long optimizer = 0;
        boolean optimizerBuilt = model.compiled() && model.optimizer().isBuilt();
        if (optimizerBuilt) optimizer = count(model.optimizer().variables());
        long total = trainable + nonTrainable + optimizer;
        sb.append(" Total params: ").append(totals(total)).append('\n');
        sb.append(" Trainable params: ").append(totals(trainable)).append('\n');
        sb.append(" Non-trainable params: ").append(totals(nonTrainable)).append('\n');
        if (optimizerBuilt) sb.append(" Optimizer params: ").append(totals(optimizer)).append('\n');
        return sb.toString();
    }

    private static long count(List<Variable> vars) {
        long n = 0;
        for (Variable v : vars) n += v.shape().size();
        return n;
    }

    private static String totals(long count) {
        return String.format(Locale.ROOT, "%,d", count) + " (" + readableSize(count * 4.0) + ")";
    }

    /** Keras's readable_memory_size: divide by 1024 while the value is at least 1024. */
    static String readableSize(double bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        for (String unit : units) {
            if (bytes / 1024 < 1) return String.format(Locale.ROOT, "%.2f %s", bytes, unit);
            bytes /= 1024;
        }
        return String.format(Locale.ROOT, "%.2f %s", bytes, units[units.length - 1]);
    }

    /**
     * The inner widths (padding included) rich gives the columns: each column asks for its share
     * of the line plus two spaces of padding, and the excess over the line (less the borders) is
     * taken back evenly, left to right, rounding half to even as Python does.
     */
    static int[] columnWidths(int lineLength, double[] positions) {
        int n = positions.length;
        int[] widths = new int[n];
        int current = 0;
        for (int i = 0; i < n; i++) {
            int w = (int) (positions[i] * lineLength) - current;
            current += w;
            widths[i] = w + 2;
        }
        int sum = 0;
        for (int w : widths) sum += w;
        int max = lineLength - (n + 1);
        if (sum > max) {
            int remaining = sum - max;
            int ratioLeft = n;
            for (int i = 0; i < n; i++) {
                int d = (int) Math.min(widths[i], Math.rint((double) remaining / ratioLeft));
                widths[i] -= d;
                remaining -= d;
                ratioLeft--;
            }
        }
        return widths;
    }

    private static String border(char left, char fill, char mid, char rightEnd, int[] widths) {
        StringBuilder sb = new StringBuilder().append(left);
        for (int i = 0; i < widths.length; i++) {
            sb.append(String.valueOf(fill).repeat(widths[i]));
            sb.append(i < widths.length - 1 ? mid : rightEnd);
        }
        return sb.append('\n').toString();
    }

    /** One table row; a cell too long for its column wraps at spaces, and a word too long is cut with '…'. */
    private static String row(String[] cells, boolean[] right, int[] widths, char bar) {
        List<List<String>> wrapped = new ArrayList<>();
        int lines = 1;
        for (int i = 0; i < cells.length; i++) {
            List<String> w = wrap(cells[i], widths[i] - 2);
            wrapped.add(w);
            lines = Math.max(lines, w.size());
        }
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < lines; line++) {
            sb.append(bar);
            for (int i = 0; i < cells.length; i++) {
                String text = line < wrapped.get(i).size() ? wrapped.get(i).get(line) : "";
                int pad = widths[i] - 2 - text.length();
                sb.append(' ');
                if (right[i]) sb.append(" ".repeat(pad)).append(text);
                else sb.append(text).append(" ".repeat(pad));
                sb.append(' ').append(bar);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (word.length() > width) word = word.substring(0, width - 1) + "…";
            if (line.length() == 0) line.append(word);
            else if (line.length() + 1 + word.length() <= width) line.append(' ').append(word);
            else {
                out.add(line.toString());
                line = new StringBuilder(word);
            }
        }
        out.add(line.toString());
        return out;
    }
}
