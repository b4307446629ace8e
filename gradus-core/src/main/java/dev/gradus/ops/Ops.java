package dev.gradus.ops;

import dev.gradus.util.Check;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Binary;
import dev.gradus.tensor.kernels.Unary;
import java.util.List;

/**
 * The differentiable functions of Gradus, named as {@code keras.ops}. Binary operations broadcast
 * as numpy does. Inside a {@code GradientTape} each call records its gradient rule; outside one it
 * only computes its output. Comparisons, logical and rounding functions return 0/1 floats or
 * indices and have no gradient.
 */
public final class Ops {
    private Ops() {}

    // ------------------------------------------------------------------ arithmetic

    public static Tensor add(Tensor a, Tensor b) { return MathOps.add(a, b); }
    public static Tensor add(Tensor a, double b) { return MathOps.add(a, Tensor.scalar(b)); }
    public static Tensor sub(Tensor a, Tensor b) { return MathOps.sub(a, b); }
    public static Tensor sub(Tensor a, double b) { return MathOps.sub(a, Tensor.scalar(b)); }
    public static Tensor mul(Tensor a, Tensor b) { return MathOps.mul(a, b); }
    public static Tensor mul(Tensor a, double b) { return MathOps.mul(a, Tensor.scalar(b)); }
    public static Tensor div(Tensor a, Tensor b) { return MathOps.div(a, b); }
    /**
     * Keras's {@code divide_no_nan}: {@code a / b}, and 0 where {@code b == 0}. The gradient stays
     * finite there too (the division runs on a denominator of 1 where b is 0).
     */
    public static Tensor divideNoNan(Tensor a, Tensor b) {
        Tensor zero = equal(b, Tensor.scalar(0));
        return where(zero, Tensor.scalar(0), div(a, where(zero, Tensor.scalar(1), b)));
    }
    public static Tensor div(Tensor a, double b) { return MathOps.div(a, Tensor.scalar(b)); }

    // keras.ops's names for the four operations (the short forms above stay)
    public static Tensor subtract(Tensor a, Tensor b) { return sub(a, b); }
    public static Tensor subtract(Tensor a, double b) { return sub(a, b); }
    public static Tensor multiply(Tensor a, Tensor b) { return mul(a, b); }
    public static Tensor multiply(Tensor a, double b) { return mul(a, b); }
    public static Tensor divide(Tensor a, Tensor b) { return div(a, b); }
    public static Tensor divide(Tensor a, double b) { return div(a, b); }

    /** {@code keras.ops.ones_like}: ones of {@code x}'s shape (not differentiable: a constant). */
    public static Tensor onesLike(Tensor x) { return Tensor.ones(Check.notNull("x", x).shape()); }
    /** {@code keras.ops.zeros_like}. */
    public static Tensor zerosLike(Tensor x) { return Tensor.zeros(Check.notNull("x", x).shape()); }
    /** {@code keras.ops.full_like(x, fill_value)}. */
    public static Tensor fullLike(Tensor x, double fillValue) { return Tensor.full(fillValue, Check.notNull("x", x).shape()); }
    public static Tensor neg(Tensor x) { return MathOps.neg(x); }
    public static Tensor pow(Tensor a, Tensor b) { return MathOps.pow(a, b); }
    public static Tensor pow(Tensor x, double exponent) { return MathOps.pow(x, exponent); }
    public static Tensor square(Tensor x) { return MathOps.square(x); }
    public static Tensor sqrt(Tensor x) { return MathOps.sqrt(x); }
    public static Tensor rsqrt(Tensor x) { return MathOps.rsqrt(x); }
    public static Tensor exp(Tensor x) { return MathOps.exp(x); }
    public static Tensor log(Tensor x) { return MathOps.log(x); }
    public static Tensor log1p(Tensor x) { return MathOps.log1p(x); }
    public static Tensor expm1(Tensor x) { return MathOps.expm1(x); }
    public static Tensor abs(Tensor x) { return MathOps.abs(x); }
    public static Tensor sign(Tensor x) { return MathOps.sign(x); }
    public static Tensor reciprocal(Tensor x) { return MathOps.reciprocal(x); }
    public static Tensor erf(Tensor x) { return MathOps.erf(x); }
    public static Tensor sin(Tensor x) { return MathOps.sin(x); }
    public static Tensor cos(Tensor x) { return MathOps.cos(x); }
    public static Tensor maximum(Tensor a, Tensor b) { return MathOps.maximum(a, b); }
    public static Tensor maximum(Tensor a, double b) { return MathOps.maximum(a, Tensor.scalar(b)); }
    public static Tensor minimum(Tensor a, Tensor b) { return MathOps.minimum(a, b); }
    public static Tensor minimum(Tensor a, double b) { return MathOps.minimum(a, Tensor.scalar(b)); }
    public static Tensor clip(Tensor x, double min, double max) { return MathOps.clip(x, min, max); }
    /** {@code condition != 0 ? x1 : x2}, broadcasting all three. */
    public static Tensor where(Tensor condition, Tensor x1, Tensor x2) { return MathOps.where(condition, x1, x2); }
    /** {@code where(condition, x1, x2)} with a number on either side, as {@code keras.ops.where(c, x, 0)}. */
    public static Tensor where(Tensor condition, Tensor x1, double x2) { return where(condition, x1, Tensor.scalar(x2)); }
    public static Tensor where(Tensor condition, double x1, Tensor x2) { return where(condition, Tensor.scalar(x1), x2); }

    // ------------------------------------------------------------------ activations

    public static Tensor relu(Tensor x) { return MathOps.relu(x); }
    /** {@code x + bias} over the last axis (tf.nn.bias_add), fused with ReLU when {@code relu}: layers' bias and activation as one op. */
    public static Tensor biasAdd(Tensor x, Tensor bias, boolean relu) { return MathOps.biasAdd(x, bias, relu); }
    public static Tensor relu6(Tensor x) { return MathOps.relu6(x); }
    /** Keras's default negative slope, 0.2. */
    public static Tensor leakyRelu(Tensor x) { return MathOps.leakyRelu(x, 0.2); }
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return MathOps.leakyRelu(x, negativeSlope); }
    public static Tensor elu(Tensor x) { return MathOps.elu(x, 1.0); }
    public static Tensor elu(Tensor x, double alpha) { return MathOps.elu(x, alpha); }
    public static Tensor selu(Tensor x) { return MathOps.selu(x); }
    /** {@code keras.ops.gelu}'s default: the tanh approximation. */
    public static Tensor gelu(Tensor x) { return MathOps.gelu(x, true); }
    public static Tensor gelu(Tensor x, boolean approximate) { return MathOps.gelu(x, approximate); }
    public static Tensor sigmoid(Tensor x) { return MathOps.sigmoid(x); }
    public static Tensor hardSigmoid(Tensor x) { return MathOps.hardSigmoid(x); }
    public static Tensor tanh(Tensor x) { return MathOps.tanh(x); }
    public static Tensor softplus(Tensor x) { return MathOps.softplus(x); }
    public static Tensor softsign(Tensor x) { return MathOps.softsign(x); }
    public static Tensor silu(Tensor x) { return MathOps.silu(x); }
    public static Tensor logSigmoid(Tensor x) { return MathOps.logSigmoid(x); }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements. */
    public static Tensor sum(Tensor x) { return ReduceOps.sum(x, false); }
    public static Tensor sum(Tensor x, int axis) { return ReduceOps.sum(x, false, axis); }
    public static Tensor sum(Tensor x, int[] axes, boolean keepDims) { return ReduceOps.sum(x, keepDims, axes); }
    public static Tensor mean(Tensor x) { return ReduceOps.mean(x, false); }
    public static Tensor mean(Tensor x, int axis) { return ReduceOps.mean(x, false, axis); }
    public static Tensor mean(Tensor x, int[] axes, boolean keepDims) { return ReduceOps.mean(x, keepDims, axes); }
    public static Tensor max(Tensor x) { return ReduceOps.max(x, false); }
    public static Tensor max(Tensor x, int axis) { return ReduceOps.max(x, false, axis); }
    public static Tensor max(Tensor x, int[] axes, boolean keepDims) { return ReduceOps.max(x, keepDims, axes); }
    public static Tensor min(Tensor x) { return ReduceOps.min(x, false); }
    public static Tensor min(Tensor x, int axis) { return ReduceOps.min(x, false, axis); }
    public static Tensor min(Tensor x, int[] axes, boolean keepDims) { return ReduceOps.min(x, keepDims, axes); }

    public static Tensor prod(Tensor x) { return StatOps.prod(x, false); }
    public static Tensor prod(Tensor x, int axis) { return StatOps.prod(x, false, axis); }
    public static Tensor prod(Tensor x, int[] axes, boolean keepDims) { return StatOps.prod(x, keepDims, axes); }
    /** Population variance (numpy's ddof=0), as {@code keras.ops.var}. */
    public static Tensor variance(Tensor x) { return StatOps.variance(x, false); }
    public static Tensor variance(Tensor x, int axis) { return StatOps.variance(x, false, axis); }
    public static Tensor variance(Tensor x, int[] axes, boolean keepDims) { return StatOps.variance(x, keepDims, axes); }
    public static Tensor std(Tensor x) { return StatOps.std(x, false); }
    public static Tensor std(Tensor x, int axis) { return StatOps.std(x, false, axis); }
    public static Tensor std(Tensor x, int[] axes, boolean keepDims) { return StatOps.std(x, keepDims, axes); }
    /** The L2 (Frobenius) norm; its gradient at an all-zero slice is 0. */
    public static Tensor norm(Tensor x) { return StatOps.norm(x, false); }
    public static Tensor norm(Tensor x, int axis) { return StatOps.norm(x, false, axis); }
    public static Tensor norm(Tensor x, int[] axes, boolean keepDims) { return StatOps.norm(x, keepDims, axes); }
    /** {@code x / sqrt(max(sum(x^2, axis), 1e-12))}, Keras's l2 normalisation. */
    public static Tensor l2Normalize(Tensor x, int axis) { return StatOps.l2Normalize(x, axis); }
    public static Tensor l2Normalize(Tensor x, int axis, double epsilon) { return StatOps.l2Normalize(x, axis, epsilon); }
    /** Index of the largest element of the flattened tensor (first on ties, NaN counts as largest). */
    public static Tensor argmax(Tensor x) { return StatOps.argmax(x); }
    public static Tensor argmax(Tensor x, int axis) { return StatOps.argmax(x, axis); }
    public static Tensor argmin(Tensor x) { return StatOps.argmin(x); }
    public static Tensor argmin(Tensor x, int axis) { return StatOps.argmin(x, axis); }
    public static Tensor cumsum(Tensor x) { return StatOps.cumsum(x); }
    public static Tensor cumsum(Tensor x, int axis) { return StatOps.cumsum(x, axis); }
    public static Tensor cumprod(Tensor x) { return StatOps.cumprod(x); }
    public static Tensor cumprod(Tensor x, int axis) { return StatOps.cumprod(x, axis); }

    // ------------------------------------------------------------------ softmax family

    /** Softmax over the last axis, Keras's default. */
    public static Tensor softmax(Tensor x) { return SoftmaxOps.softmax(x); }
    public static Tensor softmax(Tensor x, int axis) { return SoftmaxOps.softmax(x, axis); }
    public static Tensor logSoftmax(Tensor x) { return SoftmaxOps.logSoftmax(x); }
    public static Tensor logSoftmax(Tensor x, int axis) { return SoftmaxOps.logSoftmax(x, axis); }
    public static Tensor logSumExp(Tensor x) { return SoftmaxOps.logSumExp(x, false); }
    public static Tensor logSumExp(Tensor x, int axis) { return SoftmaxOps.logSumExp(x, false, axis); }
    public static Tensor logSumExp(Tensor x, int[] axes, boolean keepDims) { return SoftmaxOps.logSumExp(x, keepDims, axes); }

    // ------------------------------------------------------------------ attention

    /** {@link #dotProductAttention(Tensor, Tensor, Tensor, Tensor, Tensor, Double, boolean)} with no bias, mask or causal mask, scale {@code 1/√dim}. */
    public static Tensor dotProductAttention(Tensor query, Tensor key, Tensor value) {
        return AttentionOps.dotProductAttention(query, key, value, null, null, null, false);
    }

    /**
     * keras.ops.dot_product_attention, arguments in Keras's order: {@code softmax(scale·Q·Kᵀ + bias,
     * masked)·V} for query {@code (batch, T, heads, dim)}, key {@code (batch, S, kv_heads, dim)} and value
     * {@code (batch, S, kv_heads, value_dim)} (kv_heads dividing heads: grouped-query attention), giving
     * {@code (batch, T, heads, value_dim)}. {@code bias} and {@code mask} (nonzero = attend) broadcast to
     * {@code (batch, heads, T, S)}; {@code scale} null means {@code 1/√dim}; {@code isCausal} lets query
     * step i see key steps j ≤ i. Masked logits become {@code -0.7·float max}, as Keras's JAX backend, so
     * a query whose keys are all masked averages the values uniformly.
     *
     * <p>Why an op rather than the chain of matmuls and a softmax: it runs fused per (batch, head), reads
     * and writes the {@code (batch, steps, heads, dim)} layout of attention's projections without
     * transposes, keeps only the probabilities (and only while a tape records), and has one
     * hand-written gradient. With a bias it runs as the composed ops, whose gradient reaches the bias.
     */
    public static Tensor dotProductAttention(Tensor query, Tensor key, Tensor value, Tensor bias, Tensor mask, Double scale,
                                             boolean isCausal) {
        return AttentionOps.dotProductAttention(query, key, value, bias, mask, scale, isCausal);
    }

    // ------------------------------------------------------------------ normalization

    /**
     * keras.ops.layer_normalization over the last axis: each row normalised to {@code (x - mean) /
     * sqrt(var + epsilon)}, then scaled by {@code gamma} and shifted by {@code beta} (each of the last axis's
     * length, or null), computed as Keras does ({@code inv = rsqrt(var + epsilon) * gamma},
     * {@code x * inv + (beta - mean * inv)}).
     *
     * <p>Why an op rather than the chain of means and broadcasts: it runs one fused pass per row forward and
     * one backward, with a hand-written gradient, where the chain made some twenty passes over the
     * activations (a transformer block normalises its activations twice per step).
     */
    public static Tensor layerNormalization(Tensor x, Tensor gamma, Tensor beta, double epsilon) {
        return LayerNormOps.layerNormalization(x, gamma, beta, epsilon);
    }

    // ------------------------------------------------------------------ shape

    public static Tensor reshape(Tensor x, int... shape) { return ShapeOps.reshape(x, shape); }
    public static Tensor reshape(Tensor x, Shape shape) { return ShapeOps.reshape(x, shape); }
    public static Tensor broadcastTo(Tensor x, int... shape) { return ShapeOps.broadcastTo(x, shape); }
    public static Tensor transpose(Tensor x) { return ShapeOps.transpose(x); }
    public static Tensor transpose(Tensor x, int... axes) { return ShapeOps.transpose(x, axes); }
    /** numpy's name for {@link #transpose(Tensor, int...)}. */
    public static Tensor permute(Tensor x, int... axes) { return ShapeOps.transpose(x, axes); }
    public static Tensor expandDims(Tensor x, int axis) { return ShapeOps.expandDims(x, axis); }
    public static Tensor squeeze(Tensor x, int... axes) { return ShapeOps.squeeze(x, axes); }
    /**
     * Keras's {@code squeeze_or_expand_to_same_rank}: when the ranks differ by one and the larger has a
     * last axis of 1, that axis is squeezed, except that a rank-1 smaller tensor is expanded instead when
     * {@code expandRank1}. Anything else is left to broadcasting. Returns {@code {a, b}}.
     */
    public static Tensor[] squeezeOrExpandToSameRank(Tensor a, Tensor b, boolean expandRank1) {
        return ShapeOps.squeezeOrExpandToSameRank(a, b, expandRank1);
    }

    public static Tensor concat(List<Tensor> xs, int axis) { return ArrayOps.concat(xs, axis); }
    public static Tensor stack(List<Tensor> xs, int axis) { return ArrayOps.stack(xs, axis); }
    /** {@code sections} equal parts along {@code axis}. */
    public static List<Tensor> split(Tensor x, int sections, int axis) { return ArrayOps.split(x, sections, axis); }
    /** Parts between numpy's split points {@code indices}. */
    public static List<Tensor> split(Tensor x, int[] indices, int axis) { return ArrayOps.split(x, indices, axis); }
    /**
     * numpy's basic slicing {@code x[b0:e0:s0, b1:e1:s1, ...]} over the leading axes, with Python's
     * clamping; {@code Integer.MIN_VALUE}/{@code MAX_VALUE} leave an end open.
     */
    public static Tensor slice(Tensor x, int[] begin, int[] end, int[] strides) { return ArrayOps.slice(x, begin, end, strides); }
    /** {@code keras.ops.slice}: the block of {@code shape} that starts at {@code startIndices}. */
    public static Tensor slice(Tensor x, int[] startIndices, int[] shape) { return ArrayOps.sliceBlock(x, startIndices, shape); }
    /** {@code x[..., begin:end, ...]} along one axis. */
    public static Tensor slice(Tensor x, int axis, int begin, int end) { return ArrayOps.slice(x, axis, begin, end); }
    /** Constant padding; {@code padWidth[axis] = {before, after}}. */
    public static Tensor pad(Tensor x, int[][] padWidth, double constantValue) { return ArrayOps.pad(x, padWidth, constantValue); }
    public static Tensor pad(Tensor x, int[][] padWidth) { return ArrayOps.pad(x, padWidth, 0); }
    public static Tensor tile(Tensor x, int... reps) { return ArrayOps.tile(x, reps); }
    /** Repeats each element of the flattened tensor. */
    public static Tensor repeat(Tensor x, int repeats) { return ArrayOps.repeat(x, repeats); }
    public static Tensor repeat(Tensor x, int repeats, int axis) { return ArrayOps.repeat(x, repeats, axis); }
    public static Tensor repeat(Tensor x, int[] repeats, int axis) { return ArrayOps.repeat(x, repeats, axis); }
    /** numpy take: indices (whole numbers held as floats) of any shape replace {@code axis}. */
    public static Tensor take(Tensor x, Tensor indices, int axis) { return ArrayOps.take(x, indices, axis); }
    /** Rows of {@code x} picked by {@code indices}: an embedding lookup. */
    public static Tensor gather(Tensor x, Tensor indices) { return ArrayOps.gather(x, indices); }
    public static Tensor takeAlongAxis(Tensor x, Tensor indices, int axis) { return ArrayOps.takeAlongAxis(x, indices, axis); }
    /** A new last axis of {@code numClasses}; out-of-range indices give a row of zeros, as Keras. */
    public static Tensor oneHot(Tensor indices, int numClasses) { return ArrayOps.oneHot(indices, numClasses); }
    public static Tensor oneHot(Tensor indices, int numClasses, int axis) { return ArrayOps.oneHot(indices, numClasses, axis); }

    // ------------------------------------------------------------------ sorting

    /** Ascending along the last axis, NaN last, as numpy. */
    public static Tensor sort(Tensor x) { return SortOps.sort(x, -1); }
    public static Tensor sort(Tensor x, int axis) { return SortOps.sort(x, axis); }
    /** Stable; the indices are floats holding whole numbers. */
    public static Tensor argsort(Tensor x) { return SortOps.argsort(x, -1); }
    public static Tensor argsort(Tensor x, int axis) { return SortOps.argsort(x, axis); }
    /** The k largest along the last axis, largest first, lower index first on ties. */
    public static TopK topK(Tensor x, int k) { return SortOps.topK(x, k, true); }
    public static TopK topK(Tensor x, int k, boolean sorted) { return SortOps.topK(x, k, sorted); }

    // ------------------------------------------------------------------ linear algebra

    public static Tensor matmul(Tensor a, Tensor b) { return LinalgOps.matmul(a, b); }
    public static Tensor dot(Tensor a, Tensor b) { return LinalgOps.dot(a, b); }
    public static Tensor outer(Tensor a, Tensor b) { return LinalgOps.outer(a, b); }

    // ------------------------------------------------------------------ convolution and pooling (channels last)

    /** x (batch, width, in), kernel (kw, in, out); padding "valid" or "same" (TF's rule). */
    public static Tensor conv1d(Tensor x, Tensor kernel, int stride, String padding, int dilation) { return ConvOps.conv1d(x, kernel, stride, padding, dilation); }
    /** x (batch, h, w, in), kernel (kh, kw, in, out); stride 1, "valid". */
    public static Tensor conv2d(Tensor x, Tensor kernel) { return ConvOps.conv2d(x, kernel); }
    public static Tensor conv2d(Tensor x, Tensor kernel, int stride, String padding) { return ConvOps.conv2d(x, kernel, stride, padding); }
    public static Tensor conv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) { return ConvOps.conv2d(x, kernel, strides, padding, dilation); }
    /** {@code biasAdd(conv2d(x, kernel, strides, padding, dilation), bias, relu)} as one op, the bias and ReLU applied as the output is written. */
    public static Tensor conv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation, Tensor bias, boolean relu) {
        return ConvOps.conv2d(x, kernel, strides, padding, dilation, bias, relu);
    }
    /** strides null means poolSize, as Keras; the gradient goes to the first maximum of each window. */
    public static Tensor maxPool2d(Tensor x, int[] poolSize, int[] strides, String padding) { return ConvOps.maxPool2d(x, poolSize, strides, padding); }
    /** strides null means poolSize; "same" divides by the number of non-padded elements, as TF/Keras. */
    public static Tensor avgPool2d(Tensor x, int[] poolSize, int[] strides, String padding) { return ConvOps.avgPool2d(x, poolSize, strides, padding); }

    // ------------------------------------------------------------------ images (keras.ops.image)

    /**
     * Resizes images (rank 3 or 4) to {@code (height, width)} as Keras's JAX backend: half-pixel centres,
     * "bilinear", "nearest", "bicubic", "lanczos3" or "lanczos5"; {@code dataFormat} null is "channels_last".
     */
    public static Tensor resize(Tensor images, int height, int width, String interpolation, boolean antialias, String dataFormat) { return ImageOps.resize(images, height, width, interpolation, antialias, dataFormat); }
    /**
     * Keras's affine_transform: {@code transform} (8,) or (batch, 8) maps output pixels to input positions;
     * fill modes "reflect", "wrap", "nearest", "constant"; differentiable in the images.
     */
    public static Tensor affineTransform(Tensor images, Tensor transform, String interpolation, String fillMode, double fillValue, String dataFormat) { return ImageOps.affineTransform(images, transform, interpolation, fillMode, fillValue, dataFormat); }

    // ------------------------------------------------------------------ comparisons, logic, rounding (no gradient)

    public static Tensor equal(Tensor a, Tensor b) { return MathOps.compare(Binary.EQUAL, "equal", a, b); }
    public static Tensor notEqual(Tensor a, Tensor b) { return MathOps.compare(Binary.NOT_EQUAL, "notEqual", a, b); }
    public static Tensor greater(Tensor a, Tensor b) { return MathOps.compare(Binary.GREATER, "greater", a, b); }
    public static Tensor greaterEqual(Tensor a, Tensor b) { return MathOps.compare(Binary.GREATER_EQUAL, "greaterEqual", a, b); }
    public static Tensor less(Tensor a, Tensor b) { return MathOps.compare(Binary.LESS, "less", a, b); }
    public static Tensor lessEqual(Tensor a, Tensor b) { return MathOps.compare(Binary.LESS_EQUAL, "lessEqual", a, b); }
    // comparisons with a number, as keras.ops.equal(x, 1)
    public static Tensor equal(Tensor a, double b) { return equal(a, Tensor.scalar(b)); }
    public static Tensor notEqual(Tensor a, double b) { return notEqual(a, Tensor.scalar(b)); }
    public static Tensor greater(Tensor a, double b) { return greater(a, Tensor.scalar(b)); }
    public static Tensor greaterEqual(Tensor a, double b) { return greaterEqual(a, Tensor.scalar(b)); }
    public static Tensor less(Tensor a, double b) { return less(a, Tensor.scalar(b)); }
    public static Tensor lessEqual(Tensor a, double b) { return lessEqual(a, Tensor.scalar(b)); }
    public static Tensor logicalAnd(Tensor a, Tensor b) { return MathOps.compare(Binary.AND, "logicalAnd", a, b); }
    public static Tensor logicalOr(Tensor a, Tensor b) { return MathOps.compare(Binary.OR, "logicalOr", a, b); }
    public static Tensor logicalNot(Tensor x) { return MathOps.raw(Unary.NOT, MathOps.check("logicalNot", "x", x)); }
    public static Tensor isNan(Tensor x) { return MathOps.raw(Unary.IS_NAN, MathOps.check("isNan", "x", x)); }
    public static Tensor isFinite(Tensor x) { return MathOps.raw(Unary.IS_FINITE, MathOps.check("isFinite", "x", x)); }
    /** Rounds half to even, as numpy. */
    public static Tensor round(Tensor x) { return MathOps.raw(Unary.ROUND, MathOps.check("round", "x", x)); }
    public static Tensor floor(Tensor x) { return MathOps.raw(Unary.FLOOR, MathOps.check("floor", "x", x)); }
    public static Tensor ceil(Tensor x) { return MathOps.raw(Unary.CEIL, MathOps.check("ceil", "x", x)); }

    // ------------------------------------------------------------------ autodiff

    /** The same values, cut off from every tape: no gradient flows through the result. */
    public static Tensor stopGradient(Tensor x) {
        return Tensor.wrap(MathOps.check("stopGradient", "x", x).unsafeBuffer(), x.shape());
    }

    // #19 conv

    /**
     * Keras's {@code keras.ops.conv_transpose} for 2-d, channels last: x {@code (batch, h, w, in)}, kernel
     * {@code (kh, kw, out, in)} (Keras's layout, so Python-saved Conv2DTranspose kernels apply as they are);
     * padding "valid" or "same"; {@code outputPadding} null is Keras's None. The adjoint of {@link #conv2d}.
     */
    public static Tensor conv2dTranspose(Tensor x, Tensor kernel, int[] strides, String padding, int[] outputPadding, int[] dilation) {
        return ConvOps.conv2dTranspose(x, kernel, strides, padding, outputPadding, dilation);
    }
    /** 1-d {@code conv_transpose}: x {@code (batch, width, in)}, kernel {@code (kw, out, in)}; outputPadding null is None. */
    public static Tensor conv1dTranspose(Tensor x, Tensor kernel, int stride, String padding, Integer outputPadding, int dilation) {
        return ConvOps.conv1dTranspose(x, kernel, stride, padding, outputPadding, dilation);
    }
    /** The output length of a transposed convolution along one axis, as Keras computes the layer's output shape; -1 (unknown) stays -1. */
    public static int convTransposeOutputLength(int in, int kernel, int stride, int dilation, String padding, Integer outputPadding) {
        return ConvOps.transposeOutputLength(in, kernel, stride, dilation, padding, outputPadding);
    }
    /** {@code keras.ops.depthwise_conv}, 2-d channels last: kernel {@code (kh, kw, c, m)}, output {@code c * m} channels. */
    public static Tensor depthwiseConv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) {
        return ConvOps.depthwiseConv2d(x, kernel, strides, padding, dilation);
    }
    /** 1-d {@code depthwise_conv}: x {@code (batch, width, c)}, kernel {@code (kw, c, m)}. */
    public static Tensor depthwiseConv1d(Tensor x, Tensor kernel, int stride, String padding, int dilation) {
        return ConvOps.depthwiseConv1d(x, kernel, stride, padding, dilation);
    }
}
