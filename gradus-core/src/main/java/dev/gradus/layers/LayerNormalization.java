package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's LayerNormalization: each sample is normalised over {@code axis} (the last by default, or
 * several): {@code (x - mean) / sqrt(var + epsilon) * gamma + beta}, the same at training and at
 * inference. With {@code rmsScaling} the output is {@code x / sqrt(var + epsilon) * gamma} (Keras's
 * formula: the variance, not the mean square) and there is no beta.
 */
public final class LayerNormalization extends BaseNormalization<LayerNormalization> {
    private int[] axis = {-1};
    private boolean axisIsList;
    private boolean rmsScaling;
    private int[] builtAxes;

    public LayerNormalization() {}

    /** One axis, or several (written as a list in the config). */
    public LayerNormalization axis(int... axis) {
        Check.notNull("axis", axis);
        Check.argument(axis.length > 0, "axis must name at least one axis, got none");
        this.axis = axis.clone();
        this.axisIsList = axis.length > 1;
        return this;
    }

    public LayerNormalization rmsScaling(boolean rmsScaling) {
        this.rmsScaling = rmsScaling;
        return this;
    }

    @Override
    protected void build(int[] inputShape) {
        builtAxes = new int[axis.length];
        int[] shape = new int[axis.length];
        for (int i = 0; i < axis.length; i++) {
            builtAxes[i] = Shape.normalizeAxis(axis[i], inputShape.length, "LayerNormalization axis");
            shape[i] = knownAxisSize(inputShape, builtAxes[i], axis[i]);
        }
        addGammaAndBeta(shape, scale || rmsScaling, center && !rmsScaling);
        inputRank(inputShape.length);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int[] broadcast = new int[inputs.rank()];
        Arrays.fill(broadcast, 1);
        for (int a : builtAxes) broadcast[a] = inputs.dim(a);
        if (gamma != null && !Arrays.equals(gammaShape(broadcast), gamma.shape().dims())) throw new IllegalArgumentException(
                "layer '" + name() + "' was built for normalised axes of shape " + gamma.shape() + ", got inputs of shape " + inputs.shape());
        if (!rmsScaling && builtAxes.length == 1 && builtAxes[0] == inputs.rank() - 1) {
            // the usual case, the last axis: one fused op with its own gradient
            return Ops.layerNormalization(inputs, gamma == null ? null : gamma.value(), beta == null ? null : beta.value(), epsilon);
        }
        Tensor mean = Ops.mean(inputs, builtAxes, true);
        Tensor variance = Ops.mean(Ops.square(Ops.sub(inputs, mean)), builtAxes, true);
        if (rmsScaling) return Ops.mul(Ops.mul(inputs, Ops.rsqrt(Ops.add(variance, epsilon))), Ops.reshape(gamma.value(), broadcast));
        return normalize(inputs, mean, variance, gamma == null ? null : Ops.reshape(gamma.value(), broadcast),
                beta == null ? null : Ops.reshape(beta.value(), broadcast));
    }

    private int[] gammaShape(int[] broadcast) {
        int[] out = new int[builtAxes.length];
        for (int i = 0; i < builtAxes.length; i++) out[i] = broadcast[builtAxes[i]];
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Object ax = axisIsList ? LayerArgs.list(axis) : (Object) axis[0];
        return Config.with(super.getConfig(), "axis", ax, "epsilon", epsilon, "center", center, "scale", scale,
                "rms_scaling", rmsScaling, "beta_initializer", LayerArgs.serialize(betaInitializer),
                "gamma_initializer", LayerArgs.serialize(gammaInitializer),
                "beta_regularizer", LayerArgs.serialize(betaRegularizer), "gamma_regularizer", LayerArgs.serialize(gammaRegularizer),
                "beta_constraint", LayerArgs.serialize(betaConstraint), "gamma_constraint", LayerArgs.serialize(gammaConstraint));
    }

    public static LayerNormalization fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("LayerNormalization", config);
        Object rawAxis = r.get("axis");
        LayerNormalization layer = new LayerNormalization();
        if (rawAxis instanceof List<?>) {
            layer.axis(LayerArgs.ints(r, "axis", null));
            layer.axisIsList = true;
        } else if (rawAxis != null) {
            layer.axis(r.getInt("axis", -1));
        }
        layer.readAffine(r).rmsScaling(r.getBoolean("rms_scaling", false));
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
