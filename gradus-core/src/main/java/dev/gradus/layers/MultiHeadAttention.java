package dev.gradus.layers;

import dev.gradus.constraints.Constraint;
import dev.gradus.constraints.Constraints;
import dev.gradus.initializers.Initializer;
import dev.gradus.initializers.Initializers;
import dev.gradus.ops.Ops;
import dev.gradus.regularizers.Regularizer;
import dev.gradus.regularizers.Regularizers;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras's MultiHeadAttention on {@code (batch, timesteps, dim)} sequences: query, key and value are
 * projected to {@code num_heads} heads of {@code key_dim} (value: {@code value_dim}), each head attends
 * with {@code softmax(q·kᵀ / √key_dim)} over the value steps, and the heads are projected back to
 * the query's last dimension (or {@code output_shape}).
 *
 * <p><b>Calling.</b> Keras's {@code mha(query, value, key=None)} is the list call
 * {@code apply(List.of(query, value[, key]))} (in a graph: {@code applySymbolic}); self-attention is
 * {@code apply(List.of(x, x))}. Keras's other call arguments go in a map through
 * {@link #applyAll(List, Map, boolean)} / {@link #applySymbolicAll(List, Map)}: {@code
 * "attention_mask"} (a {@code (batch, T, S)} 0/1 tensor, eager calls only), {@code "use_causal_mask"}
 * and {@code "return_attention_scores"} (then the outputs are {@code [output, scores]}, scores
 * {@code (batch, heads, T, S)}). The Keras masks of query, value and key (Embedding(mask_zero),
 * Masking) are combined with those as Keras does; the output carries the query's mask.
 *
 * <p><b>Two softmax forms, as Keras.</b> With dropout or returned scores Keras uses its masked
 * softmax, which gives a query row whose keys are all masked zero weights; otherwise it uses
 * {@code dot_product_attention}, whose fully masked rows average the values uniformly. Gradus follows
 * both, so the same rows come out in both cases. The second runs as one fused op,
 * {@link Ops#dotProductAttention(Tensor, Tensor, Tensor, Tensor, Tensor, Double, boolean)}, on the
 * projections' {@code (batch, T, heads, dim)} layout: no transposes, no logits or mask temporaries of
 * {@code (batch, heads, T, S)}, one gradient rule.
 *
 * <p>Weights as Keras's EinsumDense sublayers {@code query}, {@code key}, {@code value},
 * {@code attention_output} (kernels {@code (dim, heads, key_dim)} ... {@code (heads, value_dim, out)}),
 * saved under {@code query_dense}, {@code key_dense}, {@code value_dense}, {@code output_dense}.
 * Only Keras's default {@code attention_axes} (the time axis of 3-D inputs) is supported.
 */
public final class MultiHeadAttention extends FluentLayer<MultiHeadAttention> {
    private final int numHeads;
    private final int keyDim;
    private Integer valueDim;
    private double dropout;
    boolean useBias = true;
    private int[] outputShape;
    Initializer kernelInitializer = Initializers.get("glorot_uniform");
    Initializer biasInitializer = Initializers.get("zeros");
    Regularizer kernelRegularizer;
    Regularizer biasRegularizer;
    Regularizer projectionActivityRegularizer;
    Constraint kernelConstraint;
    Constraint biasConstraint;
    private Long seed;
    private SeedGenerator seeds = new SeedGenerator(null);
    private EinsumProjection query;
    private EinsumProjection key;
    private EinsumProjection value;
    private EinsumProjection output;

    /** Keras's large negative number for masked scores in its masked softmax (float32). */
    private static final double MASKED_SCORE = -1e9;
    /** JAX's {@code dot_product_attention} masks logits with {@code -0.7 · float32 max}. */
    private static final double MASKED_LOGIT = -0.7 * Float.MAX_VALUE;

    public MultiHeadAttention(int numHeads, int keyDim) {
        this.numHeads = Check.atLeast("num_heads", numHeads, 1);
        this.keyDim = Check.atLeast("key_dim", keyDim, 1);
    }

    private void checkUnbuilt(String what) {
        if (built()) throw new IllegalStateException("MultiHeadAttention '" + name() + "': " + what
                + " cannot change after the layer is built");
    }

    /** Keras's {@code value_dim}: the size of each value head; null (the default) means {@code key_dim}. */
    public MultiHeadAttention valueDim(Integer valueDim) {
        checkUnbuilt("value_dim");
        this.valueDim = valueDim == null ? null : Check.atLeast("value_dim", valueDim, 1);
        return this;
    }

    /** Dropout on the attention weights in training (seeded by {@link #seed}). */
    public MultiHeadAttention dropout(double dropout) {
        this.dropout = Check.inRange("dropout", dropout, 0, 1);
        return this;
    }

    public MultiHeadAttention useBias(boolean useBias) {
        checkUnbuilt("use_bias");
        this.useBias = useBias;
        return this;
    }

    /** Keras's {@code output_shape}: the last dimensions of the output (default: the query's last dimension). */
    public MultiHeadAttention outputShape(int... outputShape) {
        checkUnbuilt("output_shape");
        if (outputShape != null) for (int d : outputShape) Check.atLeast("output_shape", d, 1);
        this.outputShape = outputShape == null || outputShape.length == 0 ? null : outputShape.clone();
        return this;
    }

    /**
     * Keras's {@code attention_axes}; only the default (null, or the time axis 1 / -2 of 3-D inputs) is
     * supported, since every keras.io use attends over time.
     */
    public MultiHeadAttention attentionAxes(int... axes) {
        Check.argument(axes == null || axes.length == 0 || (axes.length == 1 && (axes[0] == 1 || axes[0] == -2)),
                "MultiHeadAttention: attention_axes other than the default (the time axis of (batch, timesteps, dim) inputs) "
                        + "are not supported, got " + java.util.Arrays.toString(axes));
        return this;
    }

    public MultiHeadAttention seed(long seed) {
        this.seed = seed;
        this.seeds = new SeedGenerator(seed);
        return this;
    }

    public MultiHeadAttention kernelInitializer(String initializer) {
        return kernelInitializerFrom(initializer);
    }

    public MultiHeadAttention kernelInitializer(dev.gradus.initializers.Initializer initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public MultiHeadAttention kernelInitializer(java.util.Map<String, ?> initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    MultiHeadAttention kernelInitializerFrom(Object initializer) {
        checkUnbuilt("kernel_initializer");
        this.kernelInitializer = Check.notNull("kernel_initializer", Initializers.get(initializer));
        return this;
    }

    public MultiHeadAttention biasInitializer(String initializer) {
        return biasInitializerFrom(initializer);
    }

    public MultiHeadAttention biasInitializer(dev.gradus.initializers.Initializer initializer) {
        return biasInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public MultiHeadAttention biasInitializer(java.util.Map<String, ?> initializer) {
        return biasInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    MultiHeadAttention biasInitializerFrom(Object initializer) {
        checkUnbuilt("bias_initializer");
        this.biasInitializer = Check.notNull("bias_initializer", Initializers.get(initializer));
        return this;
    }

    public MultiHeadAttention kernelRegularizer(String regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    public MultiHeadAttention kernelRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public MultiHeadAttention kernelRegularizer(java.util.Map<String, ?> regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    MultiHeadAttention kernelRegularizerFrom(Object regularizer) {
        checkUnbuilt("kernel_regularizer");
        this.kernelRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public MultiHeadAttention biasRegularizer(String regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    public MultiHeadAttention biasRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public MultiHeadAttention biasRegularizer(java.util.Map<String, ?> regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    MultiHeadAttention biasRegularizerFrom(Object regularizer) {
        checkUnbuilt("bias_regularizer");
        this.biasRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public MultiHeadAttention activityRegularizer(String regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    public MultiHeadAttention activityRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public MultiHeadAttention activityRegularizer(java.util.Map<String, ?> regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    MultiHeadAttention activityRegularizerFrom(Object regularizer) {
        checkUnbuilt("activity_regularizer");
        this.projectionActivityRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public MultiHeadAttention kernelConstraint(String constraint) {
        return kernelConstraintFrom(constraint);
    }

    public MultiHeadAttention kernelConstraint(dev.gradus.constraints.Constraint constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public MultiHeadAttention kernelConstraint(java.util.Map<String, ?> constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    MultiHeadAttention kernelConstraintFrom(Object constraint) {
        checkUnbuilt("kernel_constraint");
        this.kernelConstraint = Constraints.get(constraint);
        return this;
    }

    public MultiHeadAttention biasConstraint(String constraint) {
        return biasConstraintFrom(constraint);
    }

    public MultiHeadAttention biasConstraint(dev.gradus.constraints.Constraint constraint) {
        return biasConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public MultiHeadAttention biasConstraint(java.util.Map<String, ?> constraint) {
        return biasConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    MultiHeadAttention biasConstraintFrom(Object constraint) {
        checkUnbuilt("bias_constraint");
        this.biasConstraint = Constraints.get(constraint);
        return this;
    }

    public int numHeads() {
        return numHeads;
    }

    public int keyDim() {
        return keyDim;
    }

    public int valueDim() {
        return valueDim == null ? keyDim : valueDim;
    }

    /** The projection sublayers, saved under Keras's attribute names. */
    @Override
    public Map<String, Layer> namedSublayers() {
        if (query == null) return Map.of();
        return Map.of("query_dense", query, "key_dense", key, "value_dense", value, "output_dense", output);
    }

    /** Query, value and (optional) key are separate positional arguments, as Keras's {@code mha(query, value, key)}. */
    @Override
    public boolean takesPositionalInputs() {
        return true;
    }

    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }

    @Override
    protected void build(List<int[]> shapes) {
        Check.argument(shapes.size() == 2 || shapes.size() == 3, "MultiHeadAttention '" + name() + "' takes [query, value] or "
                + "[query, value, key], got " + shapes.size() + " inputs");
        for (int[] s : shapes) Check.argument(s.length == 3, "MultiHeadAttention '" + name() + "' expects inputs of shape (batch, "
                + "timesteps, dim), got " + formatShape(s));
        int[] v = shapes.get(1), k = shapes.size() == 3 ? shapes.get(2) : v;
        Check.argument(v[1] == k[1], "MultiHeadAttention: all dimensions of value and key, except the last one, must be equal, "
                + "got value shape " + formatShape(v) + " and key shape " + formatShape(k));
        int[] q = shapes.get(0);
        query = track(new EinsumProjection("query", 1, new int[] {numHeads, keyDim}, this));
        query.buildFor(q);
        key = track(new EinsumProjection("key", 1, new int[] {numHeads, keyDim}, this));
        key.buildFor(k);
        value = track(new EinsumProjection("value", 1, new int[] {numHeads, valueDim()}, this));
        value.buildFor(v);
        output = track(new EinsumProjection("attention_output", 2, outputShape != null ? outputShape : new int[] {q[2]}, this));
        output.buildFor(q[0], q[1], numHeads, valueDim());
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        throw new IllegalArgumentException("MultiHeadAttention '" + name() + "' takes [query, value] or [query, value, key] "
                + "as a list, got one tensor of shape " + inputs.shape());
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        return call(inputs, java.util.Collections.nCopies(inputs.size(), null), training);
    }

    @Override
    public Tensor call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return attend(inputs, masks, Map.of(), training).get(0);
    }

    /** Keras's call arguments besides the inputs: attention_mask, use_causal_mask, return_attention_scores. */
    @Override
    public Set<String> callArguments() {
        return Set.of("attention_mask", "use_causal_mask", "return_attention_scores");
    }

    @Override
    public int outputCount(Map<String, ?> arguments) {
        return Boolean.TRUE.equals(arguments.get("return_attention_scores")) ? 2 : 1;
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, Map<String, ?> arguments, boolean training) {
        List<Tensor> out = attend(inputs, masks, arguments, training);
        return outputCount(arguments) == 2 ? out : List.of(out.get(0));
    }

    @Override
    public List<int[]> computeAllOutputShapes(List<int[]> inputShapes, Map<String, ?> arguments) {
        int[] q = inputShapes.get(0);
        List<int[]> out = new ArrayList<>();
        out.add(computeOutputShapes(inputShapes));
        if (outputCount(arguments) == 2) out.add(new int[] {q[0], numHeads, q[1], inputShapes.get(1)[1]});
        return out;
    }

    @Override
    public int[] computeOutputShapes(List<int[]> inputShapes) {
        int[] q = inputShapes.get(0);
        if (outputShape == null) return q.clone();
        int[] out = new int[2 + outputShape.length];
        out[0] = q[0];
        out[1] = q[1];
        System.arraycopy(outputShape, 0, out, 2, outputShape.length);
        return out;
    }

    /**
     * The attention output and the attention weights (before dropout); only the output where the fused
     * op runs (no dropout, no returned scores).
     */
    private List<Tensor> attend(List<Tensor> inputs, List<Tensor> masks, Map<String, ?> arguments, boolean training) {
        Check.argument(inputs.size() == 2 || inputs.size() == 3, "MultiHeadAttention '" + name() + "' takes [query, value] or "
                + "[query, value, key], got " + inputs.size() + " inputs");
        Tensor q = inputs.get(0), v = inputs.get(1), k = inputs.size() == 3 ? inputs.get(2) : v;
        boolean causal = Boolean.TRUE.equals(arguments.get("use_causal_mask"));
        boolean scores = Boolean.TRUE.equals(arguments.get("return_attention_scores"));
        Object given = arguments.get("attention_mask");
        Check.argument(given == null || given instanceof Tensor, "MultiHeadAttention: attention_mask must be a tensor, got " + given);
        double scale = 1 / Math.sqrt(keyDim);
        if (!scores && dropout == 0) {
            // Keras's dot_product_attention path, as one fused op on the projections' (batch, T, heads, dim)
            // layout; the causal mask is a flag there, not a tensor
            Tensor mask = attentionMask(q, v, masks, (Tensor) given, false);
            Tensor heads = Ops.dotProductAttention(query.apply(q), key.apply(k), value.apply(v), null, mask, scale, causal);
            return List.of(output.apply(heads));
        }
        Tensor mask = attentionMask(q, v, masks, (Tensor) given, causal);
        // (batch, T, heads, dim) -> (batch, heads, T, dim)
        Tensor qh = Ops.transpose(query.apply(q), 0, 2, 1, 3);
        Tensor kh = Ops.transpose(key.apply(k), 0, 2, 3, 1);
        Tensor vh = Ops.transpose(value.apply(v), 0, 2, 1, 3);
        Tensor weights;
        if (dropout > 0 || scores) {
            // Keras's masked softmax: masked scores get -1e9, and masked weights are zeroed afterwards
            Tensor s = Ops.matmul(Ops.mul(qh, scale), kh);
            if (mask == null) weights = Ops.softmax(s, -1);
            else weights = Ops.where(mask, Ops.softmax(Ops.where(mask, s, MASKED_SCORE), -1), 0);
        } else {
            // Keras's dot_product_attention (JAX): masked logits get -0.7·max, so a fully masked row is uniform
            Tensor logits = Ops.mul(Ops.matmul(qh, kh), scale);
            weights = Ops.softmax(mask == null ? logits : Ops.where(mask, logits, MASKED_LOGIT), -1);
        }
        Tensor used = training && dropout > 0 && dropout < 1
                ? Ops.mul(weights, Dropout.mask(weights.shape().dims(), dropout, seeds, true)) : weights;
        Tensor heads = Ops.transpose(Ops.matmul(used, vh), 0, 2, 1, 3);
        return List.of(output.apply(heads), weights);
    }

    /**
     * Keras's {@code _compute_attention_mask}: the query mask {@code (B, T, 1)}, value and key masks
     * {@code (B, 1, S)}, the causal mask {@code (1, T, S)} and the given {@code (B, T, S)} mask ANDed,
     * expanded over the heads to {@code (B, 1, T, S)}; null when there is none.
     */
    private static Tensor attentionMask(Tensor q, Tensor v, List<Tensor> masks, Tensor given, boolean causal) {
        Tensor m = null;
        if (masks.get(0) != null) m = and(m, Ops.expandDims(Ops.notEqual(masks.get(0), 0), -1));
        for (int i = 1; i < masks.size(); i++) if (masks.get(i) != null) m = and(m, Ops.expandDims(Ops.notEqual(masks.get(i), 0), -2));
        if (causal) m = and(m, BaseAttention.causalMask(q.dim(1), v.dim(1)));
        if (given != null) {
            Check.argument(given.rank() == 3, "MultiHeadAttention: attention_mask must have shape (batch, T, S), got " + given.shape());
            m = and(m, Ops.notEqual(given, 0));
        }
        return m == null ? null : Ops.expandDims(m, 1);
    }

    private static Tensor and(Tensor a, Tensor b) {
        return a == null ? b : Ops.logicalAnd(a, b);
    }

    @Override
    public Map<String, Object> getConfig() {
        List<Integer> out = null;
        if (outputShape != null) {
            out = new ArrayList<>();
            for (int d : outputShape) out.add(d);
        }
        return Config.with(super.getConfig(), "num_heads", numHeads, "key_dim", keyDim, "value_dim", valueDim(),
                "dropout", dropout, "use_bias", useBias, "use_gate", false, "output_shape", out, "attention_axes", null,
                "sliding_window", null, "kernel_initializer", LayerArgs.serialize(kernelInitializer),
                "bias_initializer", LayerArgs.serialize(biasInitializer),
                "kernel_regularizer", LayerArgs.serialize(kernelRegularizer), "bias_regularizer", LayerArgs.serialize(biasRegularizer),
                "activity_regularizer", LayerArgs.serialize(projectionActivityRegularizer),
                "kernel_constraint", LayerArgs.serialize(kernelConstraint), "bias_constraint", LayerArgs.serialize(biasConstraint),
                "seed", seed);
    }

    public static MultiHeadAttention fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("MultiHeadAttention", config);
        Integer heads = r.getIntOrNull("num_heads"), keyDim = r.getIntOrNull("key_dim");
        Check.argument(heads != null && keyDim != null, "MultiHeadAttention config: num_heads and key_dim are required");
        MultiHeadAttention layer = new MultiHeadAttention(heads, keyDim).valueDim(r.getIntOrNull("value_dim"))
                .dropout(r.getDouble("dropout", 0)).useBias(r.getBoolean("use_bias", true))
                .kernelInitializerFrom(r.has("kernel_initializer") ? r.get("kernel_initializer") : "glorot_uniform")
                .biasInitializerFrom(r.has("bias_initializer") ? r.get("bias_initializer") : "zeros")
                .kernelRegularizerFrom(r.get("kernel_regularizer")).biasRegularizerFrom(r.get("bias_regularizer"))
                .kernelConstraintFrom(r.get("kernel_constraint")).biasConstraintFrom(r.get("bias_constraint"));
        layer.activityRegularizerFrom(r.get("activity_regularizer"));
        Object out = r.get("output_shape");
        if (out instanceof Number n) layer.outputShape(n.intValue());
        else if (out instanceof List<?> l) layer.outputShape(LayerArgs.shapeFromJson("output_shape", l));
        else Check.argument(out == null, "MultiHeadAttention config: output_shape must be an int, a list or null, got " + out);
        Object axes = r.get("attention_axes");
        if (axes instanceof Number n) layer.attentionAxes(n.intValue());
        else if (axes instanceof List<?> l) layer.attentionAxes(LayerArgs.shapeFromJson("attention_axes", l));
        Check.argument(!r.getBoolean("use_gate", false), "MultiHeadAttention: use_gate=True is not supported by Gradus");
        Check.argument(r.get("sliding_window") == null, "MultiHeadAttention: sliding_window is not supported by Gradus, got "
                + config.get("sliding_window"));
        // flash attention is a kernel choice with the same numbers
        r.ignore("flash_attention");
        if (r.has("seed")) layer.seed(r.getLong("seed", 0));
        else r.get("seed");
        // readBase would apply activity_regularizer to the layer itself; Keras gives it to the projections
        Map<String, Object> base = new java.util.HashMap<>(config);
        base.remove("activity_regularizer");
        Config.Reader b = Config.read("MultiHeadAttention", base);
        readBase(layer, b);
        r.ignore("name", "trainable", "dtype", "quantization_config", "lora_rank", "lora_alpha", "batch_input_shape",
                "input_shape", "batch_size");
        r.done();
        return layer;
    }
}
