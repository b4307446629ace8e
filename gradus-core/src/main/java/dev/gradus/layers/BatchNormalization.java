package dev.gradus.layers;

import dev.gradus.autodiff.Variable;
import dev.gradus.initializers.Initializer;
import dev.gradus.initializers.Initializers;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's BatchNormalization. In training ({@code training=true} and the layer trainable) it
 * normalises with the batch's mean and (population) variance over every axis but {@code axis}, and
 * moves the moving statistics: {@code moving = moving * momentum + batch * (1 - momentum)}. Otherwise
 * (inference, or a frozen layer, as Keras) it uses the moving statistics. Output:
 * {@code (x - mean) / sqrt(var + epsilon) * gamma + beta}. Weights: gamma, beta (trainable), then
 * moving_mean, moving_variance (non-trainable).
 */
public final class BatchNormalization extends BaseNormalization<BatchNormalization> {
    private int axis = -1;
    private double momentum = 0.99;
    private Initializer movingMeanInitializer = Initializers.get("zeros");
    private Initializer movingVarianceInitializer = Initializers.get("ones");
    private Variable movingMean;
    private Variable movingVariance;
    private int builtAxis;

    public BatchNormalization() {}

    public BatchNormalization axis(int axis) {
        this.axis = axis;
        return this;
    }

    public BatchNormalization momentum(double momentum) {
        this.momentum = Check.inRange("momentum", momentum, 0, 1);
        return this;
    }

    public BatchNormalization movingMeanInitializer(String initializer) {
        return movingMeanInitializerFrom(initializer);
    }

    public BatchNormalization movingMeanInitializer(dev.gradus.initializers.Initializer initializer) {
        return movingMeanInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public BatchNormalization movingMeanInitializer(java.util.Map<String, ?> initializer) {
        return movingMeanInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    BatchNormalization movingMeanInitializerFrom(Object initializer) {
        this.movingMeanInitializer = Check.notNull("moving_mean_initializer", Initializers.get(initializer));
        return this;
    }

    public BatchNormalization movingVarianceInitializer(String initializer) {
        return movingVarianceInitializerFrom(initializer);
    }

    public BatchNormalization movingVarianceInitializer(dev.gradus.initializers.Initializer initializer) {
        return movingVarianceInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public BatchNormalization movingVarianceInitializer(java.util.Map<String, ?> initializer) {
        return movingVarianceInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    BatchNormalization movingVarianceInitializerFrom(Object initializer) {
        this.movingVarianceInitializer = Check.notNull("moving_variance_initializer", Initializers.get(initializer));
        return this;
    }

    public Variable movingMean() {
        return movingMean;
    }

    public Variable movingVariance() {
        return movingVariance;
    }

    @Override
    protected void build(int[] inputShape) {
        builtAxis = Shape.normalizeAxis(axis, inputShape.length, "BatchNormalization axis");
        int[] shape = {knownAxisSize(inputShape, builtAxis, axis)};
        addGammaAndBeta(shape, scale, center);
        movingMean = addWeight("moving_mean", shape, movingMeanInitializer, null, null, false);
        movingVariance = addWeight("moving_variance", shape, movingVarianceInitializer, null, null, false);
        inputRank(inputShape.length);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int features = movingMean.shape().get(0);
        if (inputs.dim(builtAxis) != features) throw new IllegalArgumentException("layer '" + name() + "' was built for "
                + features + " features on axis " + axis + ", got inputs of shape " + inputs.shape());
        int[] broadcast = new int[inputs.rank()];
        java.util.Arrays.fill(broadcast, 1);
        broadcast[builtAxis] = features;
        int[] reduce = new int[inputs.rank() - 1];
        for (int i = 0, k = 0; i < inputs.rank(); i++) if (i != builtAxis) reduce[k++] = i;

        Tensor mean, variance;
        if (training && trainable()) {
            mean = Ops.mean(inputs, reduce, true);
            variance = Ops.mean(Ops.square(Ops.sub(inputs, mean)), reduce, true);
            Tensor m = Ops.reshape(Ops.stopGradient(mean), features);
            Tensor v = Ops.reshape(Ops.stopGradient(variance), features);
            movingMean.assign(Ops.add(Ops.mul(movingMean.value(), momentum), Ops.mul(m, 1 - momentum)));
            movingVariance.assign(Ops.add(Ops.mul(movingVariance.value(), momentum), Ops.mul(v, 1 - momentum)));
        } else {
            mean = Ops.reshape(movingMean.value(), broadcast);
            variance = Ops.reshape(movingVariance.value(), broadcast);
        }
        return normalize(inputs, mean, variance, scale ? Ops.reshape(gamma.value(), broadcast) : null,
                center ? Ops.reshape(beta.value(), broadcast) : null);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axis", axis, "momentum", momentum, "epsilon", epsilon, "center", center,
                "scale", scale, "beta_initializer", LayerArgs.serialize(betaInitializer),
                "gamma_initializer", LayerArgs.serialize(gammaInitializer),
                "moving_mean_initializer", LayerArgs.serialize(movingMeanInitializer),
                "moving_variance_initializer", LayerArgs.serialize(movingVarianceInitializer),
                "beta_regularizer", LayerArgs.serialize(betaRegularizer), "gamma_regularizer", LayerArgs.serialize(gammaRegularizer),
                "beta_constraint", LayerArgs.serialize(betaConstraint), "gamma_constraint", LayerArgs.serialize(gammaConstraint),
                "synchronized", false);
    }

    public static BatchNormalization fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("BatchNormalization", config);
        BatchNormalization layer = new BatchNormalization().axis(r.getInt("axis", -1)).momentum(r.getDouble("momentum", 0.99))
                .readAffine(r)
                .movingMeanInitializerFrom(r.has("moving_mean_initializer") ? r.get("moving_mean_initializer") : "zeros")
                .movingVarianceInitializerFrom(r.has("moving_variance_initializer") ? r.get("moving_variance_initializer") : "ones");
        // Keras itself accepts synchronized=True only on TensorFlow; one JVM has no replicas to synchronise
        Check.argument(!r.getBoolean("synchronized", false), "BatchNormalization: synchronized=True is not supported "
                + "(Keras supports it only with the TensorFlow backend)");
        readBase(layer, r);
        r.done();
        return layer;
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
