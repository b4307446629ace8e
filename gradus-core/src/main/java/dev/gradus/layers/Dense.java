package dev.gradus.layers;

import dev.gradus.activations.Activation;
import dev.gradus.activations.Activations;
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
 * Keras's {@code Dense}: {@code activation(inputs · kernel + bias)} on the last axis. The kernel
 * has shape {@code (input_dim, units)}; inputs of higher rank are multiplied on their last axis.
 * Defaults as Keras: no activation, a bias, {@code glorot_uniform} kernel, {@code zeros} bias.
 */
public class Dense extends FluentLayer<Dense> {
    private final int units;
    private Activation activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Initializer biasInitializer = Initializers.get("zeros");
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Constraint kernelConstraint;
    private Constraint biasConstraint;
    private Variable kernel;
    private Variable bias;

    public Dense(int units) {
        this.units = Check.atLeast("units", units, 1);
        minInputRank(2);
    }

    /** A name ({@code "relu"}), a config, or an {@link Activation}; null is linear. */
    public Dense activation(String activation) {
        return activationFrom(activation);
    }

    public Dense activation(dev.gradus.activations.Activation activation) {
        return activationFrom(activation);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Dense activation(java.util.Map<String, ?> activation) {
        return activationFrom(activation);
    }

    /** Any of the forms above, as read from a config. */
    Dense activationFrom(Object activation) {
        checkUnbuilt("activation");
        this.activation = Activations.get(activation);
        return this;
    }

    public Dense useBias(boolean useBias) {
        checkUnbuilt("use_bias");
        this.useBias = useBias;
        return this;
    }

    public Dense kernelInitializer(String initializer) {
        return kernelInitializerFrom(initializer);
    }

    public Dense kernelInitializer(dev.gradus.initializers.Initializer initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Dense kernelInitializer(java.util.Map<String, ?> initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    Dense kernelInitializerFrom(Object initializer) {
        checkUnbuilt("kernel_initializer");
        this.kernelInitializer = Check.notNull("kernel_initializer", Initializers.get(initializer));
        return this;
    }

    public Dense biasInitializer(String initializer) {
        return biasInitializerFrom(initializer);
    }

    public Dense biasInitializer(dev.gradus.initializers.Initializer initializer) {
        return biasInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Dense biasInitializer(java.util.Map<String, ?> initializer) {
        return biasInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    Dense biasInitializerFrom(Object initializer) {
        checkUnbuilt("bias_initializer");
        this.biasInitializer = Check.notNull("bias_initializer", Initializers.get(initializer));
        return this;
    }

    public Dense kernelRegularizer(String regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    public Dense kernelRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Dense kernelRegularizer(java.util.Map<String, ?> regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    Dense kernelRegularizerFrom(Object regularizer) {
        checkUnbuilt("kernel_regularizer");
        this.kernelRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public Dense biasRegularizer(String regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    public Dense biasRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Dense biasRegularizer(java.util.Map<String, ?> regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    Dense biasRegularizerFrom(Object regularizer) {
        checkUnbuilt("bias_regularizer");
        this.biasRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public Dense kernelConstraint(String constraint) {
        return kernelConstraintFrom(constraint);
    }

    public Dense kernelConstraint(dev.gradus.constraints.Constraint constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Dense kernelConstraint(java.util.Map<String, ?> constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    Dense kernelConstraintFrom(Object constraint) {
        checkUnbuilt("kernel_constraint");
        this.kernelConstraint = Constraints.get(constraint);
        return this;
    }

    public Dense biasConstraint(String constraint) {
        return biasConstraintFrom(constraint);
    }

    public Dense biasConstraint(dev.gradus.constraints.Constraint constraint) {
        return biasConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Dense biasConstraint(java.util.Map<String, ?> constraint) {
        return biasConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    Dense biasConstraintFrom(Object constraint) {
        checkUnbuilt("bias_constraint");
        this.biasConstraint = Constraints.get(constraint);
        return this;
    }

    /** Keras's {@code activity_regularizer}: a penalty on the output, added to {@link #losses()} at each call. */
    public Dense activityRegularizer(String regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    public Dense activityRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public Dense activityRegularizer(java.util.Map<String, ?> regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    Dense activityRegularizerFrom(Object regularizer) {
        super.activityRegularizer(Regularizers.get(regularizer));
        return this;
    }

    private void checkUnbuilt(String what) {
        if (built()) throw new IllegalStateException("Dense '" + name() + "': " + what + " cannot change after the layer is built");
    }

    public int units() {
        return units;
    }

    public Variable kernel() {
        return kernel;
    }

    /** The bias, or null without one. */
    public Variable bias() {
        return bias;
    }

    @Override
    protected void build(int[] inputShape) {
        if (inputShape.length == 0) throw new IllegalArgumentException("Dense '" + name()
                + "': expected an input shape of rank >= 1 whose last dimension is the input size, got ()");
        int inputDim = inputShape[inputShape.length - 1];
        if (inputDim == NONE) throw new IllegalArgumentException("Dense '" + name()
                + "': the last dimension of the inputs must be known, got shape " + formatShape(inputShape));
        kernel = addWeight("kernel", new int[] {inputDim, units}, kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) bias = addWeight("bias", new int[] {units}, biasInitializer, biasRegularizer, biasConstraint, true);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int last = inputs.shape().get(-1);
        if (last != kernel.shape().get(0)) throw new IllegalArgumentException("Dense '" + name() + "' expects inputs with "
                + kernel.shape().get(0) + " features on the last axis, got shape " + inputs.shape());
        return biasAndActivation(Ops.matmul(inputs, kernel.value()), bias, activation);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(),
                "units", units,
                "activation", Activations.serialize(activation),
                "use_bias", useBias,
                "kernel_initializer", LayerArgs.serialize(kernelInitializer),
                "bias_initializer", LayerArgs.serialize(biasInitializer),
                "kernel_regularizer", LayerArgs.serialize(kernelRegularizer),
                "bias_regularizer", LayerArgs.serialize(biasRegularizer),
                "kernel_constraint", LayerArgs.serialize(kernelConstraint),
                "bias_constraint", LayerArgs.serialize(biasConstraint),
                "quantization_config", null);
    }

    public static Dense fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Dense", config);
        Integer units = r.getIntOrNull("units");
        if (units == null) throw new IllegalArgumentException("Dense config: 'units' is required");
        Dense d = new Dense(units);
        readBase(d, r);
        d.activationFrom(r.get("activation"));
        d.useBias(r.getBoolean("use_bias", true));
        if (r.get("kernel_initializer") != null) d.kernelInitializerFrom(r.get("kernel_initializer"));
        if (r.get("bias_initializer") != null) d.biasInitializerFrom(r.get("bias_initializer"));
        d.kernelRegularizerFrom(r.get("kernel_regularizer"));
        d.biasRegularizerFrom(r.get("bias_regularizer"));
        d.kernelConstraintFrom(r.get("kernel_constraint"));
        d.biasConstraintFrom(r.get("bias_constraint"));
        r.done();
        return d;
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
