package dev.gradus.layers;

import dev.gradus.autodiff.Variable;
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
import java.util.Map;

/**
 * Turns integer indices (held as floats) into dense vectors: {@code (batch, ...)} to
 * {@code (batch, ..., outputDim)}, rows of the {@code embeddings} weight of shape
 * {@code (inputDim, outputDim)}, initialised with Keras's "uniform" (RandomUniform in [-0.05, 0.05)).
 */
public final class Embedding extends FluentLayer<Embedding> {
    private final int inputDim;
    private final int outputDim;
    private Initializer embeddingsInitializer = Initializers.get("uniform");
    private Regularizer embeddingsRegularizer;
    private Constraint embeddingsConstraint;
    private Variable embeddings;
    private boolean maskZero;

    public Embedding(int inputDim, int outputDim) {
        this.inputDim = Check.atLeast("input_dim", inputDim, 1);
        this.outputDim = Check.atLeast("output_dim", outputDim, 1);
    }

    public Embedding embeddingsInitializer(String initializer) {
        return embeddingsInitializerFrom(initializer);
    }

    public Embedding embeddingsInitializer(dev.gradus.initializers.Initializer initializer) {
        return embeddingsInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Embedding embeddingsInitializer(java.util.Map<String, ?> initializer) {
        return embeddingsInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    Embedding embeddingsInitializerFrom(Object initializer) {
        this.embeddingsInitializer = Check.notNull("embeddings_initializer", Initializers.get(initializer));
        return this;
    }

    public Embedding embeddingsRegularizer(String regularizer) {
        return embeddingsRegularizerFrom(regularizer);
    }

    public Embedding embeddingsRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return embeddingsRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Embedding embeddingsRegularizer(java.util.Map<String, ?> regularizer) {
        return embeddingsRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    Embedding embeddingsRegularizerFrom(Object regularizer) {
        this.embeddingsRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public Embedding embeddingsConstraint(String constraint) {
        return embeddingsConstraintFrom(constraint);
    }

    public Embedding embeddingsConstraint(dev.gradus.constraints.Constraint constraint) {
        return embeddingsConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Embedding embeddingsConstraint(java.util.Map<String, ?> constraint) {
        return embeddingsConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    Embedding embeddingsConstraintFrom(Object constraint) {
        this.embeddingsConstraint = Constraints.get(constraint);
        return this;
    }

    /**
     * Keras's {@code mask_zero}: index 0 is padding. The output then carries the mask
     * {@code inputs != 0} ({@link Masks}), which recurrent layers, attention and the loss honour; index
     * 0 still has an embedding row, so {@code input_dim} counts it (vocabulary size + 1).
     */
    public Embedding maskZero(boolean maskZero) {
        this.maskZero = maskZero;
        return this;
    }

    public boolean maskZero() {
        return maskZero;
    }

    /** With {@code mask_zero}, Embedding passes its mask on (Keras sets {@code supports_masking = mask_zero}). */
    @Override
    protected boolean supportsMaskingByDefault() {
        return maskZero;
    }

    /** {@code inputs != 0} with {@code mask_zero}, else none. */
    @Override
    public Tensor computeMask(Tensor inputs, Tensor previousMask) {
        return maskZero ? Ops.notEqual(inputs, 0) : null;
    }

    public Variable embeddings() {
        return embeddings;
    }

    @Override
    protected void build(int[] inputShape) {
        embeddings = addWeight("embeddings", new int[] {inputDim, outputDim}, embeddingsInitializer, embeddingsRegularizer,
                embeddingsConstraint, true);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        float[] ids = inputs.unsafeBuffer();
        for (float id : ids) if (!(id >= 0 && id < inputDim) || id != Math.rint(id)) throw new IllegalArgumentException(
                "layer '" + name() + "': indices must be whole numbers in [0, " + inputDim + "), got " + id);
        return Ops.take(embeddings.value(), inputs, 0);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = new int[inputShape.length + 1];
        System.arraycopy(inputShape, 0, out, 0, inputShape.length);
        out[inputShape.length] = outputDim;
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "input_dim", inputDim, "output_dim", outputDim,
                "embeddings_initializer", LayerArgs.serialize(embeddingsInitializer),
                "embeddings_regularizer", LayerArgs.serialize(embeddingsRegularizer),
                "activity_regularizer", LayerArgs.serialize(activityRegularizer()),
                "embeddings_constraint", LayerArgs.serialize(embeddingsConstraint), "mask_zero", maskZero);
    }

    public static Embedding fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Embedding", config);
        Integer in = r.getIntOrNull("input_dim"), out = r.getIntOrNull("output_dim");
        Check.argument(in != null && out != null, "Embedding config: input_dim and output_dim are required");
        Embedding layer = new Embedding(in, out)
                .embeddingsInitializerFrom(r.has("embeddings_initializer") ? r.get("embeddings_initializer") : "uniform")
                .embeddingsRegularizerFrom(r.get("embeddings_regularizer")).embeddingsConstraintFrom(r.get("embeddings_constraint"));
        layer.activityRegularizer(Regularizers.get(r.get("activity_regularizer")));
        layer.maskZero(r.getBoolean("mask_zero", false));
        readBase(layer, r);
        // tf.keras 2 wrote input_length; Keras 3 accepts it with a deprecation warning and ignores it
        r.ignore("input_length").done();
        return layer;
    }
}
