package dev.gradus.ops;

import dev.gradus.autodiff.Backward;
import dev.gradus.autodiff.FusingBackward;
import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Conv;
import dev.gradus.tensor.kernels.Conv.Geometry;
import dev.gradus.tensor.kernels.DepthwiseConv;
import dev.gradus.tensor.kernels.Pool;
import dev.gradus.tensor.kernels.PooledFilterGradient;
import java.util.Locale;

/**
 * Convolution and pooling, channels-last, as {@code keras.ops.conv}, {@code max_pool} and
 * {@code average_pool}. "same" padding follows TF: {@code out = ceil(in / stride)}, the padding
 * total split with the smaller half before. Every backward function is itself a recorded op, so
 * gradients of gradients work: convolution, its input gradient and its kernel gradient are the
 * three faces of one bilinear form and differentiate into each other; max pooling's backward is a
 * scatter whose gradient is the matching gather (and back); average pooling and its backward are
 * each other's adjoints.
 */
final class ConvOps {
    private ConvOps() {}

    // ------------------------------------------------------------------ public entry points

    /** x {@code (batch, width, in)}, kernel {@code (kw, in, out)} to {@code (batch, outWidth, out)}. */
    static Tensor conv1d(Tensor x, Tensor kernel, int stride, String padding, int dilation) {
        String op = "conv1d";
        checkRank(op, "x", x, 3, "(batch, width, channels)");
        checkRank(op, "kernel", kernel, 3, "(width, in_channels, out_channels)");
        checkChannels(op, x, kernel);
        Geometry g = geometry(op, x.dim(0), 1, x.dim(1), x.dim(2), kernel.dim(2), 1, kernel.dim(0),
                new int[] {stride}, new int[] {dilation}, padding, true);
        Tensor y = conv(ShapeOps.reshape(x, g.n, 1, g.w, g.c), ShapeOps.reshape(kernel, 1, g.kw, g.c, g.o), g);
        return ShapeOps.reshape(y, g.n, g.ow, g.o);
    }

    static Tensor conv2d(Tensor x, Tensor kernel) {
        return conv2d(x, kernel, new int[] {1, 1}, "valid", new int[] {1, 1});
    }

    static Tensor conv2d(Tensor x, Tensor kernel, int stride, String padding) {
        return conv2d(x, kernel, new int[] {stride, stride}, padding, new int[] {1, 1});
    }

    /** x {@code (batch, h, w, in)}, kernel {@code (kh, kw, in, out)} to {@code (batch, oh, ow, out)}. */
    static Tensor conv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) {
        String op = "conv2d";
        checkRank(op, "x", x, 4, "(batch, height, width, channels)");
        checkRank(op, "kernel", kernel, 4, "(height, width, in_channels, out_channels)");
        checkChannels(op, x, kernel);
        Geometry g = geometry(op, x.dim(0), x.dim(1), x.dim(2), x.dim(3), kernel.dim(3), kernel.dim(0), kernel.dim(1),
                strides, dilation, padding, false);
        return conv(x, kernel, g);
    }

    /**
     * {@code biasAdd(conv2d(x, kernel, ...), bias, relu)} as one op: the direct kernels add the bias
     * and take the ReLU before they store the output (a layer's Conv2D with a bias and a ReLU or
     * no activation), and the backward masks the gradient once for the bias and both products.
     */
    static Tensor conv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation, Tensor bias, boolean relu) {
        String op = "conv2d";
        checkRank(op, "x", x, 4, "(batch, height, width, channels)");
        checkRank(op, "kernel", kernel, 4, "(height, width, in_channels, out_channels)");
        checkChannels(op, x, kernel);
        MathOps.check(op, "bias", bias);
        if (bias.rank() != 1 || bias.size() != kernel.dim(3)) throw new IllegalArgumentException(
                "conv2d: bias must have shape (" + kernel.dim(3) + ",) to match the kernel's output channels, got " + bias.shape());
        Geometry g = geometry(op, x.dim(0), x.dim(1), x.dim(2), x.dim(3), kernel.dim(3), kernel.dim(0), kernel.dim(1),
                strides, dilation, padding, false);
        Tensor y = Tensor.wrap(Conv.forward(x.unsafeBuffer(), kernel.unsafeBuffer(), g, bias.unsafeBuffer(), relu),
                Shape.of(g.n, g.oh, g.ow, g.o));
        if (Record.on()) Record.rule(y, new ConvBiasRule(x, kernel, bias, y, g, relu), x, kernel, bias);
        return y;
    }

    /** The rule of {@link #conv2d} with a bias: the ReLU's mask and the bias sums in one pass, then both products. */
    private record ConvBiasRule(Tensor x, Tensor kernel, Tensor bias, Tensor y, Geometry g, boolean relu) implements BiasReluRule {
        @Override
        public Tensor[] apply(Tensor[] outputGrads, boolean[] needed) {
            Tensor[] pre = MathOps.biasAddBackward(outputGrads[0], y, bias, relu, needed[0] || needed[1], needed[2]);
            return fromPreActivation(pre[0], pre[1], needed);
        }

        @Override
        public Tensor[] fromPreActivation(Tensor dz, Tensor dBias, boolean[] needed) {
            return new Tensor[] {
                    needed[0] ? backpropInput(dz, kernel, g) : null,
                    needed[1] ? backpropFilter(x, dz, g) : null,
                    needed[2] ? dBias : null};
        }

        /**
         * Without an input gradient (a network's first layer) and with a small kernel, the kernel gradient is taken
         * from the pooled gradient directly ({@link PooledFilterGradient}), and z's gradient is never formed.
         */
        @Override
        public Tensor[] fromPooled(Tensor dy, Tensor pooled, int[] argmax, Geometry pool, boolean[] needed) {
            if (needed[0] || !needed[1] || !PooledFilterGradient.applies(g))
                return BiasReluRule.super.fromPooled(dy, pooled, argmax, pool, needed);
            float[] db = new float[g.o];
            float[] dk = PooledFilterGradient.kernel(x.unsafeBuffer(), dy.unsafeBuffer(), pooled.unsafeBuffer(), argmax, g, pool, db);
            return new Tensor[] {null, Tensor.wrap(dk, kernel.shape()), needed[2] ? Tensor.wrap(db, bias.shape()) : null};
        }
    }

    /** Max over each window; strides {@code null} means the pool size, as Keras. */
    static Tensor maxPool2d(Tensor x, int[] poolSize, int[] strides, String padding) {
        Geometry g = poolGeometry("maxPool2d", x, poolSize, strides, padding);
        int[] argmax = new int[g.n * g.oh * g.ow * g.c];
        Tensor y = Tensor.wrap(Pool.max(x.unsafeBuffer(), g, argmax), Shape.of(g.n, g.oh, g.ow, g.c));
        if (Record.on()) Record.rule(y, new MaxPoolRule(y, argmax, g), x);
        return y;
    }

    /**
     * Max pooling's gradient rule: the scatter of the output gradient to each window's maximum. After a bias and
     * ReLU ({@link MathOps#biasAdd}) with windows that do not overlap, it takes the gradients of the ReLU's input
     * and bias in one pass instead ({@link Pool#maxReluBackward}), unless an outer tape records the rules (they
     * are then built from differentiable ops).
     */
    private record MaxPoolRule(Tensor y, int[] argmax, Geometry g) implements FusingBackward {
        @Override
        public Tensor[] apply(Tensor[] outputGrads, boolean[] needed) {
            return new Tensor[] {scatter(outputGrads[0], argmax, g)};
        }

        @Override
        public Tensor[] throughProducer(Backward producer, Tensor[] outputGrads, boolean[] producerNeeded) {
            if (!(producer instanceof BiasReluRule rule) || !rule.relu() || !Pool.disjoint(g) || GradientTape.isRecording())
                return null;
            return rule.fromPooled(outputGrads[0], y, argmax, g, producerNeeded);
        }
    }

    /** Mean over the part of each window inside the input ("same" never counts padding). */
    static Tensor avgPool2d(Tensor x, int[] poolSize, int[] strides, String padding) {
        return average(x, poolGeometry("avgPool2d", x, poolSize, strides, padding));
    }

    // ------------------------------------------------------------------ recorded internal ops

    /** One raw product of a bilinear map: two operand buffers and the geometry to a result buffer. */
    @FunctionalInterface
    private interface Product {
        float[] run(float[] a, float[] b, Geometry g);
    }

    /**
     * A bilinear map {@code y = f(x, k)} on a geometry with its two adjoints, the input gradient
     * {@code dx(dy, k)} and the kernel gradient {@code dk(x, dy)}, each a raw kernel. Each face is
     * recorded with the other two as its gradients (they are three faces of one trilinear form), so
     * derivatives of any order follow. {@code depthwise} outputs {@code c * o} channels, else {@code o}.
     */
    private record Bilinear(Product forward, Product input, Product kernel, boolean depthwise) {
        Tensor apply(Tensor x, Tensor k, Geometry g) {
            Tensor y = Tensor.wrap(forward.run(x.unsafeBuffer(), k.unsafeBuffer(), g), Shape.of(g.n, g.oh, g.ow, depthwise ? g.c * g.o : g.o));
            if (Record.on()) Record.nary(y, (dy, need) -> new Tensor[] {
                    need[0] ? inputGradient(dy, k, g) : null,
                    need[1] ? kernelGradient(x, dy, g) : null}, x, k);
            return y;
        }

        Tensor inputGradient(Tensor dy, Tensor k, Geometry g) {
            Tensor dx = Tensor.wrap(input.run(dy.unsafeBuffer(), k.unsafeBuffer(), g), Shape.of(g.n, g.h, g.w, g.c));
            if (Record.on()) Record.nary(dx, (h, need) -> new Tensor[] {
                    need[0] ? apply(h, k, g) : null,
                    need[1] ? kernelGradient(h, dy, g) : null}, dy, k);
            return dx;
        }

        Tensor kernelGradient(Tensor x, Tensor dy, Geometry g) {
            Tensor dk = Tensor.wrap(kernel.run(x.unsafeBuffer(), dy.unsafeBuffer(), g), Shape.of(g.kh, g.kw, g.c, g.o));
            if (Record.on()) Record.nary(dk, (h, need) -> new Tensor[] {
                    need[0] ? inputGradient(dy, h, g) : null,
                    need[1] ? apply(x, h, g) : null}, x, dy);
            return dk;
        }
    }

    private static final Bilinear CONV = new Bilinear(Conv::forward, Conv::backpropInput, Conv::backpropFilter, false);
    private static final Bilinear DEPTHWISE = new Bilinear(DepthwiseConv::forward, DepthwiseConv::backpropInput,
            DepthwiseConv::backpropFilter, true);

    private static Tensor conv(Tensor x, Tensor kernel, Geometry g) {
        return CONV.apply(x, kernel, g);
    }

    /** The gradient of {@code conv} with respect to x, linear in both arguments. */
    static Tensor backpropInput(Tensor dy, Tensor kernel, Geometry g) {
        return CONV.inputGradient(dy, kernel, g);
    }

    /** The gradient of {@code conv} with respect to the kernel, linear in both arguments. */
    static Tensor backpropFilter(Tensor x, Tensor dy, Geometry g) {
        return CONV.kernelGradient(x, dy, g);
    }

    private static Tensor scatter(Tensor dy, int[] argmax, Geometry g) {
        Tensor dx = Tensor.wrap(Pool.scatter(dy.unsafeBuffer(), argmax, g), Shape.of(g.n, g.h, g.w, g.c));
        if (Record.on()) Record.unary(dx, dy, h -> gather(h, argmax, g));
        return dx;
    }

    private static Tensor gather(Tensor x, int[] argmax, Geometry g) {
        Tensor y = Tensor.wrap(Pool.gather(x.unsafeBuffer(), argmax), Shape.of(g.n, g.oh, g.ow, g.c));
        if (Record.on()) Record.unary(y, x, h -> scatter(h, argmax, g));
        return y;
    }

    private static Tensor average(Tensor x, Geometry g) {
        Tensor y = Tensor.wrap(Pool.average(x.unsafeBuffer(), g), Shape.of(g.n, g.oh, g.ow, g.c));
        if (Record.on()) Record.unary(y, x, dy -> averageBackward(dy, g));
        return y;
    }

    private static Tensor averageBackward(Tensor dy, Geometry g) {
        Tensor dx = Tensor.wrap(Pool.averageBackward(dy.unsafeBuffer(), g), Shape.of(g.n, g.h, g.w, g.c));
        if (Record.on()) Record.unary(dx, dy, h -> average(h, g));
        return dx;
    }

    // ------------------------------------------------------------------ transposed and depthwise convolution (#19 conv)

    /**
     * Keras's {@code conv_transpose} on its JAX backend: x {@code (batch, h, w, in)}, kernel
     * {@code (kh, kw, out, in)} to {@code (batch, H, W, out)}, the lengths of
     * {@link #transposeOutputLength}. It is the input gradient of the convolution of an
     * {@code (batch, H, W, out)} input by the same kernel, so its own gradients are that convolution
     * (for x) and its kernel gradient; {@code outputPadding} null is Keras's None.
     */
    static Tensor conv2dTranspose(Tensor x, Tensor kernel, int[] strides, String padding, int[] outputPadding, int[] dilation) {
        String op = "conv2dTranspose";
        checkRank(op, "x", x, 4, "(batch, height, width, channels)");
        checkRank(op, "kernel", kernel, 4, "(height, width, out_channels, in_channels)");
        checkTransposeChannels(op, x, kernel);
        Geometry g = transposeGeometry(op, x.dim(0), x.dim(1), x.dim(2), x.dim(3), kernel.dim(2), kernel.dim(0), kernel.dim(1),
                strides, dilation, padding, outputPadding, false);
        return backpropInput(x, kernel, g);
    }

    /** x {@code (batch, width, in)}, kernel {@code (kw, out, in)} to {@code (batch, W, out)}; outputPadding null is None. */
    static Tensor conv1dTranspose(Tensor x, Tensor kernel, int stride, String padding, Integer outputPadding, int dilation) {
        String op = "conv1dTranspose";
        checkRank(op, "x", x, 3, "(batch, width, channels)");
        checkRank(op, "kernel", kernel, 3, "(width, out_channels, in_channels)");
        checkTransposeChannels(op, x, kernel);
        Geometry g = transposeGeometry(op, x.dim(0), 1, x.dim(1), x.dim(2), kernel.dim(1), 1, kernel.dim(0),
                new int[] {stride}, new int[] {dilation}, padding, outputPadding == null ? null : new int[] {outputPadding}, true);
        Tensor y = backpropInput(ShapeOps.reshape(x, g.n, 1, g.ow, g.o), ShapeOps.reshape(kernel, 1, g.kw, g.c, g.o), g);
        return ShapeOps.reshape(y, g.n, g.w, g.c);
    }

    /**
     * The output length of a transposed convolution along one axis, as Keras's
     * {@code compute_conv_transpose_output_shape}: "valid" gives {@code in * s + max(k' - s, 0)} and
     * "same" {@code in * s} without output padding, {@code (in - 1) * s + k' - 2 * (k' / 2) + p} with
     * it ({@code k'} the dilated kernel); {@code outputPadding} null is None, -1 input stays -1.
     */
    static int transposeOutputLength(int in, int kernel, int stride, int dilation, String padding, Integer outputPadding) {
        if (in < 0) return in;
        return transposeAxis("convTranspose", in, kernel, stride, dilation, padding, outputPadding)[0];
    }

    /**
     * Keras's {@code depthwise_conv}: x {@code (batch, h, w, c)}, kernel {@code (kh, kw, c, m)} to
     * {@code (batch, oh, ow, c * m)}, each input channel correlated with its own m filters.
     */
    static Tensor depthwiseConv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) {
        String op = "depthwiseConv2d";
        checkRank(op, "x", x, 4, "(batch, height, width, channels)");
        checkRank(op, "kernel", kernel, 4, "(height, width, in_channels, depth_multiplier)");
        checkChannels(op, x, kernel);
        return DEPTHWISE.apply(x, kernel, geometry(op, x.dim(0), x.dim(1), x.dim(2), x.dim(3), kernel.dim(3), kernel.dim(0),
                kernel.dim(1), strides, dilation, padding, false));
    }

    /** x {@code (batch, width, c)}, kernel {@code (kw, c, m)} to {@code (batch, ow, c * m)}. */
    static Tensor depthwiseConv1d(Tensor x, Tensor kernel, int stride, String padding, int dilation) {
        String op = "depthwiseConv1d";
        checkRank(op, "x", x, 3, "(batch, width, channels)");
        checkRank(op, "kernel", kernel, 3, "(width, in_channels, depth_multiplier)");
        checkChannels(op, x, kernel);
        Geometry g = geometry(op, x.dim(0), 1, x.dim(1), x.dim(2), kernel.dim(2), 1, kernel.dim(0),
                new int[] {stride}, new int[] {dilation}, padding, true);
        Tensor y = DEPTHWISE.apply(ShapeOps.reshape(x, g.n, 1, g.w, g.c), ShapeOps.reshape(kernel, 1, g.kw, g.c, g.o), g);
        return ShapeOps.reshape(y, g.n, g.ow, g.c * g.o);
    }

    private static void checkTransposeChannels(String op, Tensor x, Tensor kernel) {
        int in = x.dim(-1), kin = kernel.dim(-1);
        if (in != kin) throw new IllegalArgumentException(op + ": kernel's last axis (input channels) must equal x's channels:"
                + " x has shape " + x.shape() + " (" + in + " channels), kernel has shape " + kernel.shape()
                + " (" + kin + " input channels)");
    }

    /**
     * The geometry of the convolution whose input gradient is the transposed convolution: its input
     * is the transposed output {@code (n, H, W, out)}, its output the transposed input {@code (n, h, w, in)}.
     */
    private static Geometry transposeGeometry(String op, int n, int h, int w, int in, int out, int kh, int kw,
                                              int[] strides, int[] dilation, String padding, int[] outputPadding, boolean oneD) {
        int spatial = oneD ? 1 : 2;
        int[] s = checkPositive(op, "strides", strides, spatial), d = checkPositive(op, "dilation", dilation, spatial);
        if (outputPadding != null && outputPadding.length != spatial) throw new IllegalArgumentException(op
                + ": outputPadding must have " + spatial + (spatial == 1 ? " value" : " values") + ", got " + Shape.format(outputPadding));
        if (kh < 1 || kw < 1) throw new IllegalArgumentException(
                op + ": the window must be at least 1 in every spatial dimension, got " + Shape.format(oneD ? new int[] {kw} : new int[] {kh, kw}));
        int[] hv = oneD ? new int[] {1, 0} : transposeAxis(op, h, kh, s[0], d[0], padding, outputPadding == null ? null : outputPadding[0]);
        int[] wv = transposeAxis(op, w, kw, s[spatial - 1], d[spatial - 1], padding,
                outputPadding == null ? null : outputPadding[spatial - 1]);
        return new Geometry(n, hv[0], wv[0], out, in, kh, kw, oneD ? 1 : s[0], s[spatial - 1], oneD ? 1 : d[0], d[spatial - 1],
                hv[1], wv[1], h, w);
    }

    /**
     * {@code {out, padBefore}} along one axis of a transposed convolution. Keras's JAX backend pads
     * the stride-dilated input by {@code (left, right)} and correlates with the flipped kernel; as
     * the input gradient of a convolution that is a leading padding of {@code k' - 1 - left}.
     */
    private static int[] transposeAxis(String op, int in, int k, int stride, int dilation, String padding, Integer outputPadding) {
        String p = padding == null ? null : padding.toLowerCase(Locale.ROOT);
        if (!"valid".equals(p) && !"same".equals(p)) throw new IllegalArgumentException(
                op + ": padding must be \"valid\" or \"same\", got " + (padding == null ? "null" : "\"" + padding + "\""));
        if (outputPadding != null && (outputPadding < 0 || outputPadding >= stride)) throw new IllegalArgumentException(op
                + ": output padding must be >= 0 and smaller than the stride, got output_padding=" + outputPadding + ", stride=" + stride);
        int span = (k - 1) * dilation + 1, left, right;
        if (p.equals("valid")) {
            int extra = outputPadding == null ? Math.max(span, stride) - span : outputPadding;
            left = span - 1;
            right = span - 1 + extra;
        } else {
            int total = outputPadding == null ? stride + span - 2 : span + span % 2 - 2 + outputPadding;
            left = Math.min(total / 2 + total % 2, span - 1);
            right = total - left;
        }
        int out = (in - 1) * stride + left + right - span + 2;
        if (out < 1) throw new IllegalArgumentException(op + ": the output length would be " + out + " for an input length of " + in);
        return new int[] {out, span - 1 - left};
    }

    // ------------------------------------------------------------------ validation and shapes

    private static void checkRank(String op, String arg, Tensor t, int rank, String layout) {
        MathOps.check(op, arg, t);
        if (t.rank() != rank) throw new IllegalArgumentException(
                op + ": " + arg + " must have rank " + rank + " " + layout + ", got shape " + t.shape());
    }

    private static void checkChannels(String op, Tensor x, Tensor kernel) {
        int in = x.dim(-1), kin = kernel.dim(-2);
        if (in != kin) throw new IllegalArgumentException(op + ": kernel's input channels must equal x's channels:"
                + " x has shape " + x.shape() + " (" + in + " channels), kernel has shape " + kernel.shape()
                + " (" + kin + " input channels)");
    }

    private static Geometry poolGeometry(String op, Tensor x, int[] poolSize, int[] strides, String padding) {
        checkRank(op, "x", x, 4, "(batch, height, width, channels)");
        int[] pool = checkPositive(op, "poolSize", poolSize, 2);
        int[] s = strides == null ? pool : strides;
        return geometry(op, x.dim(0), x.dim(1), x.dim(2), x.dim(3), x.dim(3), pool[0], pool[1],
                s, new int[] {1, 1}, padding, false);
    }

    private static int[] checkPositive(String op, String arg, int[] values, int length) {
        if (values == null || values.length != length) throw new IllegalArgumentException(op + ": " + arg
                + " must have " + length + (length == 1 ? " value" : " values") + ", got "
                + (values == null ? "null" : Shape.format(values)));
        for (int v : values) if (v < 1) throw new IllegalArgumentException(
                op + ": " + arg + " must be positive, got " + Shape.format(values));
        return values;
    }

    /**
     * Output size and leading padding per spatial axis. {@code oneD} reads the single stride and
     * dilation as the width's, with a height of 1.
     */
    private static Geometry geometry(String op, int n, int h, int w, int c, int o, int kh, int kw,
                                     int[] strides, int[] dilation, String padding, boolean oneD) {
        int spatial = oneD ? 1 : 2;
        String p = padding == null ? null : padding.toLowerCase(Locale.ROOT);
        if (!"valid".equals(p) && !"same".equals(p)) throw new IllegalArgumentException(
                op + ": padding must be \"valid\" or \"same\", got " + (padding == null ? "null" : "\"" + padding + "\""));
        int[] s = checkPositive(op, "strides", strides, spatial), d = checkPositive(op, "dilation", dilation, spatial);
        int sh = oneD ? 1 : s[0], sw = s[spatial - 1], dh = oneD ? 1 : d[0], dw = d[spatial - 1];
        if (kh < 1 || kw < 1) throw new IllegalArgumentException(
                op + ": the window must be at least 1 in every spatial dimension, got " + Shape.format(oneD ? new int[] {kw} : new int[] {kh, kw}));
        boolean same = p.equals("same");
        int[] hv = axis(op, "height", h, kh, sh, dh, same), wv = axis(op, "width", w, kw, sw, dw, same);
        return new Geometry(n, h, w, c, o, kh, kw, sh, sw, dh, dw, hv[1], wv[1], hv[0], wv[0]);
    }

    /** {@code {out, padBefore}} along one axis. */
    private static int[] axis(String op, String name, int in, int k, int stride, int dilation, boolean same) {
        long span = (long) (k - 1) * dilation + 1;
        if (same) {
            int out = (in + stride - 1) / stride;
            long total = Math.max((long) (out - 1) * stride + span - in, 0);
            return new int[] {out, (int) (total / 2)};
        }
        if (span > in) throw new IllegalArgumentException(op + ": with \"valid\" padding the window (" + span
                + " after dilation) must fit in the input " + name + " (" + in + ")");
        return new int[] {(int) ((in - span) / stride) + 1, 0};
    }
}
