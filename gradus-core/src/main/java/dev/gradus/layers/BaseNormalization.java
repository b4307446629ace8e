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

/**
 * The shared part of BatchNormalization and LayerNormalization: epsilon, center, scale, the gamma and
 * beta weights with their initializers, regularizers and constraints, and the affine normalisation
 * {@code (x - mean) / sqrt(var + epsilon) * gamma + beta}. A subclass chooses the axes and where the
 * mean and variance come from.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
abstract class BaseNormalization<T extends BaseNormalization<T>> extends FluentLayer<T> {
    double epsilon = 1e-3;
    boolean center = true;
    boolean scale = true;
    Initializer betaInitializer = Initializers.get("zeros");
    Initializer gammaInitializer = Initializers.get("ones");
    Regularizer betaRegularizer;
    Regularizer gammaRegularizer;
    Constraint betaConstraint;
    Constraint gammaConstraint;
    Variable gamma;
    Variable beta;

    BaseNormalization() {
        minInputRank(1);
    }

    public T epsilon(double epsilon) {
        this.epsilon = Check.positive("epsilon", epsilon);
        return self();
    }

    public T center(boolean center) {
        this.center = center;
        return self();
    }

    public T scale(boolean scale) {
        this.scale = scale;
        return self();
    }

    public T betaInitializer(String initializer) {
        return betaInitializerFrom(initializer);
    }

    public T betaInitializer(dev.gradus.initializers.Initializer initializer) {
        return betaInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T betaInitializer(java.util.Map<String, ?> initializer) {
        return betaInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    T betaInitializerFrom(Object initializer) {
        this.betaInitializer = Check.notNull("beta_initializer", Initializers.get(initializer));
        return self();
    }

    public T gammaInitializer(String initializer) {
        return gammaInitializerFrom(initializer);
    }

    public T gammaInitializer(dev.gradus.initializers.Initializer initializer) {
        return gammaInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T gammaInitializer(java.util.Map<String, ?> initializer) {
        return gammaInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    T gammaInitializerFrom(Object initializer) {
        this.gammaInitializer = Check.notNull("gamma_initializer", Initializers.get(initializer));
        return self();
    }

    public T betaRegularizer(String regularizer) {
        return betaRegularizerFrom(regularizer);
    }

    public T betaRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return betaRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T betaRegularizer(java.util.Map<String, ?> regularizer) {
        return betaRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T betaRegularizerFrom(Object regularizer) {
        this.betaRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public T gammaRegularizer(String regularizer) {
        return gammaRegularizerFrom(regularizer);
    }

    public T gammaRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return gammaRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T gammaRegularizer(java.util.Map<String, ?> regularizer) {
        return gammaRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T gammaRegularizerFrom(Object regularizer) {
        this.gammaRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public T betaConstraint(String constraint) {
        return betaConstraintFrom(constraint);
    }

    public T betaConstraint(dev.gradus.constraints.Constraint constraint) {
        return betaConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T betaConstraint(java.util.Map<String, ?> constraint) {
        return betaConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    T betaConstraintFrom(Object constraint) {
        this.betaConstraint = Constraints.get(constraint);
        return self();
    }

    public T gammaConstraint(String constraint) {
        return gammaConstraintFrom(constraint);
    }

    public T gammaConstraint(dev.gradus.constraints.Constraint constraint) {
        return gammaConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T gammaConstraint(java.util.Map<String, ?> constraint) {
        return gammaConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    T gammaConstraintFrom(Object constraint) {
        this.gammaConstraint = Constraints.get(constraint);
        return self();
    }

    public Variable gamma() {
        return gamma;
    }

    public Variable beta() {
        return beta;
    }

    /** A normalisation keeps the input's shape. */
    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /** The size of the normalised input axis {@code builtAxis} (written {@code axis} by the user), which must be known. */
    int knownAxisSize(int[] inputShape, int builtAxis, int axis) {
        int size = inputShape[builtAxis];
        if (size == NONE) throw new IllegalArgumentException("layer '" + name() + "': axis " + axis
                + " of the input must have a known size, got input shape " + formatShape(inputShape));
        return size;
    }

    /** Creates gamma and beta of {@code shape}, each when asked. */
    void addGammaAndBeta(int[] shape, boolean withGamma, boolean withBeta) {
        if (withGamma) gamma = addWeight("gamma", shape, gammaInitializer, gammaRegularizer, gammaConstraint, true);
        if (withBeta) beta = addWeight("beta", shape, betaInitializer, betaRegularizer, betaConstraint, true);
    }

    /**
     * Keras's batch_normalization: {@code x * inv + (beta - mean * inv)}, {@code inv = gamma / sqrt(var + eps)};
     * {@code gamma} and {@code beta} (already broadcastable) may be null, meaning 1 and 0.
     */
    Tensor normalize(Tensor x, Tensor mean, Tensor variance, Tensor gamma, Tensor beta) {
        Tensor inv = Ops.rsqrt(Ops.add(variance, epsilon));
        if (gamma != null) inv = Ops.mul(inv, gamma);
        Tensor shift = Ops.neg(Ops.mul(mean, inv));
        if (beta != null) shift = Ops.add(shift, beta);
        return Ops.add(Ops.mul(x, inv), shift);
    }

    /** Reads epsilon, center, scale and the beta and gamma arguments into this layer. */
    T readAffine(Config.Reader r) {
        return epsilon(r.getDouble("epsilon", 1e-3)).center(r.getBoolean("center", true)).scale(r.getBoolean("scale", true))
                .betaInitializerFrom(r.has("beta_initializer") ? r.get("beta_initializer") : "zeros")
                .gammaInitializerFrom(r.has("gamma_initializer") ? r.get("gamma_initializer") : "ones")
                .betaRegularizerFrom(r.get("beta_regularizer")).gammaRegularizerFrom(r.get("gamma_regularizer"))
                .betaConstraintFrom(r.get("beta_constraint")).gammaConstraintFrom(r.get("gamma_constraint"));
    }
}
