package dev.gradus.tensor;

import java.util.Locale;

/** numpy-style printing: one number format for the whole tensor, edge items only for big ones. */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(float[] data, int[] dims) {
        boolean summarize = data.length > THRESHOLD;
        NumberStyle style = NumberStyle.of(data);
        if (dims.length == 0) return style.format(data[0]).trim();
        int width = 0;
        for (float v : data) width = Math.max(width, style.format(v).length());
        StringBuilder sb = new StringBuilder();
        int[] strides = Shape.of(dims).strides();
        append(sb, data, dims, strides, 0, 0, summarize, style, width);
        return sb.toString();
    }

    private static void append(StringBuilder sb, float[] data, int[] dims, int[] strides, int axis, int offset,
                               boolean summarize, NumberStyle style, int width) {
        sb.append('[');
        int n = dims[axis];
        boolean elide = summarize && n > 2 * EDGE;
        for (int i = 0; i < n; i++) {
            if (elide && i == EDGE) {
                i = n - EDGE;
                // the same separator as between two items of this axis
                sb.append(axis == dims.length - 1 ? "... " : "..." + "\n".repeat(dims.length - axis - 1) + " ".repeat(axis + 1));
            }
            if (axis == dims.length - 1) {
                String s = style.format(data[offset + i]);
                sb.append(" ".repeat(Math.max(0, width - s.length()))).append(s);
                if (i < n - 1) sb.append(' ');
            } else {
                append(sb, data, dims, strides, axis + 1, offset + i * strides[axis], summarize, style, width);
                if (i < n - 1) sb.append("\n".repeat(dims.length - axis - 1)).append(" ".repeat(axis + 1));
            }
        }
        sb.append(']');
    }

    /** Integers print as {@code 1.}, ordinary values with up to 4 decimals, extreme ones in e-notation. */
    private static final class NumberStyle {
        final boolean integral, scientific;

        private NumberStyle(boolean integral, boolean scientific) {
            this.integral = integral;
            this.scientific = scientific;
        }

        static NumberStyle of(float[] data) {
            boolean integral = true;
            double maxAbs = 0, minAbs = Double.MAX_VALUE;
            for (float v : data) {
                if (!Float.isFinite(v)) continue;
                if (v != Math.rint(v)) integral = false;
                double a = Math.abs(v);
                maxAbs = Math.max(maxAbs, a);
                if (a > 0) minAbs = Math.min(minAbs, a);
            }
            boolean scientific = maxAbs >= 1e8 || (!integral && minAbs < 1e-4) || (maxAbs > 0 && maxAbs / minAbs > 1e3 && !integral && minAbs < 1e-3);
            return new NumberStyle(integral && maxAbs < 1e8, scientific);
        }

        String format(float v) {
            if (Float.isNaN(v)) return "nan";
            if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
            if (integral) return String.format(Locale.ROOT, "%.0f.", (double) v);
            if (scientific) return String.format(Locale.ROOT, "%.4e", (double) v);
            String s = String.format(Locale.ROOT, "%.4f", (double) v);
            int end = s.length();
            while (s.charAt(end - 1) == '0') end--;
            return s.substring(0, end);
        }
    }
}
