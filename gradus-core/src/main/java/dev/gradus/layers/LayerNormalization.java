package dev.gradus.layers;

import dev.gradus.autodiff.Variable;
import dev.gradus.constraints.Constraint;
import dev.gradus.constraints.Constraints;
import dev.gradus.initializers.Initializer;
import dev.gradus.initializers.Initializers;
import dev.gradus.ops.Ops;
import dev.gradus.regularizers.Regularizer;
import dev.gradus.regularizers.Regularizers;
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
public final class LayerNormalization extends Layer {
    private int[] axis = {-1};
    private boolean axisIsList;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private boolean rmsScaling;
    private Initializer betaInitializer = Initializers.get("zeros");
    private Initializer gammaInitializer = Initializers.get("ones");
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;
    private Constraint betaConstraint;
    private Constraint gammaConstraint;
    private Variable gamma;
    private Variable beta;
    private int[] builtAxes;

    public LayerNormalization() {
        minInputRank(1);
    }

    /** One axis, or several (written as a list in the config). */
    public LayerNormalization axis(int... axis) {
        Check.notNull("axis", axis);
        Check.argument(axis.length > 0, "axis must name at least one axis, got none");
        this.axis = axis.clone();
        this.axisIsList = axis.length > 1;
        return this;
    }

    public LayerNormalization epsilon(double epsilon) {
        this.epsilon = Check.positive("epsilon", epsilon);
        return this;
    }

    public LayerNormalization center(boolean center) {
        this.center = center;
        return this;
    }

    public LayerNormalization scale(boolean scale) {
        this.scale = scale;
        return this;
    }

    public LayerNormalization rmsScaling(boolean rmsScaling) {
        this.rmsScaling = rmsScaling;
        return this;
    }

    public LayerNormalization betaInitializer(Object initializer) {
        this.betaInitializer = Check.notNull("beta_initializer", Initializers.get(initializer));
        return this;
    }

    public LayerNormalization gammaInitializer(Object initializer) {
        this.gammaInitializer = Check.notNull("gamma_initializer", Initializers.get(initializer));
        return this;
    }

    public LayerNormalization betaRegularizer(Object regularizer) {
        this.betaRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public LayerNormalization gammaRegularizer(Object regularizer) {
        this.gammaRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public LayerNormalization betaConstraint(Object constraint) {
        this.betaConstraint = Constraints.get(constraint);
        return this;
    }

    public LayerNormalization gammaConstraint(Object constraint) {
        this.gammaConstraint = Constraints.get(constraint);
        return this;
    }

    public Variable gamma() {
        return gamma;
    }

    public Variable beta() {
        return beta;
    }

    @Override
    public LayerNormalization name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public LayerNormalization trainable(boolean trainable) {
        super.trainable(trainable);
        return this;
    }

    @Override
    protected void build(int[] inputShape) {
        builtAxes = new int[axis.length];
        int[] shape = new int[axis.length];
        for (int i = 0; i < axis.length; i++) {
            builtAxes[i] = Shape.normalizeAxis(axis[i], inputShape.length, "LayerNormalization axis");
            shape[i] = inputShape[builtAxes[i]];
            if (shape[i] == NONE) throw new IllegalArgumentException("layer '" + name() + "': axis " + axis[i]
                    + " of the input must have a known size, got input shape " + formatShape(inputShape));
        }
        if (scale || rmsScaling) gamma = addWeight("gamma", shape, gammaInitializer, gammaRegularizer, gammaConstraint, true);
        if (center && !rmsScaling) beta = addWeight("beta", shape, betaInitializer, betaRegularizer, betaConstraint, true);
        inputRank(inputShape.length);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int[] broadcast = new int[inputs.rank()];
        Arrays.fill(broadcast, 1);
        for (int a : builtAxes) broadcast[a] = inputs.dim(a);
        if (gamma != null && !Arrays.equals(gammaShape(broadcast), gamma.shape().dims())) throw new IllegalArgumentException(
                "layer '" + name() + "' was built for normalised axes of shape " + gamma.shape() + ", got inputs of shape " + inputs.shape());
        Tensor mean = Ops.mean(inputs, builtAxes, true);
        Tensor variance = Ops.mean(Ops.square(Ops.sub(inputs, mean)), builtAxes, true);
        Tensor inv = Ops.rsqrt(Ops.add(variance, epsilon));
        if (rmsScaling) return Ops.mul(Ops.mul(inputs, inv), Ops.reshape(gamma.value(), broadcast));
        if (gamma != null) inv = Ops.mul(inv, Ops.reshape(gamma.value(), broadcast));
        Tensor shift = Ops.neg(Ops.mul(mean, inv));
        if (beta != null) shift = Ops.add(shift, Ops.reshape(beta.value(), broadcast));
        return Ops.add(Ops.mul(inputs, inv), shift);
    }

    private int[] gammaShape(int[] broadcast) {
        int[] out = new int[builtAxes.length];
        for (int i = 0; i < builtAxes.length; i++) out[i] = broadcast[builtAxes[i]];
        return out;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
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
        layer.epsilon(r.getDouble("epsilon", 1e-3)).center(r.getBoolean("center", true)).scale(r.getBoolean("scale", true))
                .rmsScaling(r.getBoolean("rms_scaling", false))
                .betaInitializer(r.has("beta_initializer") ? r.get("beta_initializer") : "zeros")
                .gammaInitializer(r.has("gamma_initializer") ? r.get("gamma_initializer") : "ones")
                .betaRegularizer(r.get("beta_regularizer")).gammaRegularizer(r.get("gamma_regularizer"))
                .betaConstraint(r.get("beta_constraint")).gammaConstraint(r.get("gamma_constraint"));
        readBase(layer, r);
        r.done();
        return layer;
    }
}
