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
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's LSTMCell: one time step. With {@code z = x·kernel + h·recurrent_kernel + bias} split in
 * four blocks (gates i, f, c, o, Keras's layout), {@code c' = σ(z_f)·c + σ(z_i)·tanh(z_c)} and
 * {@code h' = σ(z_o)·tanh(c')} (σ the recurrent activation, tanh the activation). Weights: kernel
 * {@code (input_dim, 4·units)}, recurrent_kernel {@code (units, 4·units)}, bias {@code (4·units)};
 * with {@code unit_forget_bias} the forget block of the bias starts at 1. {@link LSTM} runs it over a sequence.
 */
public final class LSTMCell extends FluentLayer<LSTMCell> {
    final int units;
    Activation activation = Activations.get("tanh");
    Activation recurrentActivation = Activations.get("sigmoid");
    boolean useBias = true;
    boolean unitForgetBias = true;
    Initializer kernelInitializer = Initializers.get("glorot_uniform");
    Initializer recurrentInitializer = Initializers.get("orthogonal");
    Initializer biasInitializer = Initializers.get("zeros");
    Regularizer kernelRegularizer;
    Regularizer recurrentRegularizer;
    Regularizer biasRegularizer;
    Constraint kernelConstraint;
    Constraint recurrentConstraint;
    Constraint biasConstraint;
    double dropout;
    double recurrentDropout;
    Long seed;
    private SeedGenerator seeds = new SeedGenerator(null);
    private Variable kernel;
    private Variable recurrentKernel;
    private Variable bias;

    public LSTMCell(int units) {
        this.units = Check.atLeast("units", units, 1);
    }

    private void checkUnbuilt(String what) {
        if (built()) throw new IllegalStateException(getClass().getSimpleName() + " '" + name() + "': " + what
                + " cannot change after the layer is built");
    }

    public LSTMCell activation(String activation) {
        return activationFrom(activation);
    }

    public LSTMCell activation(dev.gradus.activations.Activation activation) {
        return activationFrom(activation);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell activation(java.util.Map<String, ?> activation) {
        return activationFrom(activation);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell activationFrom(Object activation) {
        checkUnbuilt("activation");
        this.activation = Activations.get(activation);
        return this;
    }

    public LSTMCell recurrentActivation(String activation) {
        return recurrentActivationFrom(activation);
    }

    public LSTMCell recurrentActivation(dev.gradus.activations.Activation activation) {
        return recurrentActivationFrom(activation);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell recurrentActivation(java.util.Map<String, ?> activation) {
        return recurrentActivationFrom(activation);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell recurrentActivationFrom(Object activation) {
        checkUnbuilt("recurrent_activation");
        this.recurrentActivation = Activations.get(activation);
        return this;
    }

    public LSTMCell useBias(boolean useBias) {
        checkUnbuilt("use_bias");
        this.useBias = useBias;
        return this;
    }

    public LSTMCell unitForgetBias(boolean unitForgetBias) {
        checkUnbuilt("unit_forget_bias");
        this.unitForgetBias = unitForgetBias;
        return this;
    }

    public LSTMCell kernelInitializer(String initializer) {
        return kernelInitializerFrom(initializer);
    }

    public LSTMCell kernelInitializer(dev.gradus.initializers.Initializer initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell kernelInitializer(java.util.Map<String, ?> initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell kernelInitializerFrom(Object initializer) {
        checkUnbuilt("kernel_initializer");
        this.kernelInitializer = Check.notNull("kernel_initializer", Initializers.get(initializer));
        return this;
    }

    public LSTMCell recurrentInitializer(String initializer) {
        return recurrentInitializerFrom(initializer);
    }

    public LSTMCell recurrentInitializer(dev.gradus.initializers.Initializer initializer) {
        return recurrentInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell recurrentInitializer(java.util.Map<String, ?> initializer) {
        return recurrentInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell recurrentInitializerFrom(Object initializer) {
        checkUnbuilt("recurrent_initializer");
        this.recurrentInitializer = Check.notNull("recurrent_initializer", Initializers.get(initializer));
        return this;
    }

    public LSTMCell biasInitializer(String initializer) {
        return biasInitializerFrom(initializer);
    }

    public LSTMCell biasInitializer(dev.gradus.initializers.Initializer initializer) {
        return biasInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell biasInitializer(java.util.Map<String, ?> initializer) {
        return biasInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell biasInitializerFrom(Object initializer) {
        checkUnbuilt("bias_initializer");
        this.biasInitializer = Check.notNull("bias_initializer", Initializers.get(initializer));
        return this;
    }

    public LSTMCell kernelRegularizer(String regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    public LSTMCell kernelRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell kernelRegularizer(java.util.Map<String, ?> regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell kernelRegularizerFrom(Object regularizer) {
        checkUnbuilt("kernel_regularizer");
        this.kernelRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public LSTMCell recurrentRegularizer(String regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    public LSTMCell recurrentRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell recurrentRegularizer(java.util.Map<String, ?> regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell recurrentRegularizerFrom(Object regularizer) {
        checkUnbuilt("recurrent_regularizer");
        this.recurrentRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public LSTMCell biasRegularizer(String regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    public LSTMCell biasRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell biasRegularizer(java.util.Map<String, ?> regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell biasRegularizerFrom(Object regularizer) {
        checkUnbuilt("bias_regularizer");
        this.biasRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public LSTMCell kernelConstraint(String constraint) {
        return kernelConstraintFrom(constraint);
    }

    public LSTMCell kernelConstraint(dev.gradus.constraints.Constraint constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell kernelConstraint(java.util.Map<String, ?> constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell kernelConstraintFrom(Object constraint) {
        checkUnbuilt("kernel_constraint");
        this.kernelConstraint = Constraints.get(constraint);
        return this;
    }

    public LSTMCell recurrentConstraint(String constraint) {
        return recurrentConstraintFrom(constraint);
    }

    public LSTMCell recurrentConstraint(dev.gradus.constraints.Constraint constraint) {
        return recurrentConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell recurrentConstraint(java.util.Map<String, ?> constraint) {
        return recurrentConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell recurrentConstraintFrom(Object constraint) {
        checkUnbuilt("recurrent_constraint");
        this.recurrentConstraint = Constraints.get(constraint);
        return this;
    }

    public LSTMCell biasConstraint(String constraint) {
        return biasConstraintFrom(constraint);
    }

    public LSTMCell biasConstraint(dev.gradus.constraints.Constraint constraint) {
        return biasConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTMCell biasConstraint(java.util.Map<String, ?> constraint) {
        return biasConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    LSTMCell biasConstraintFrom(Object constraint) {
        checkUnbuilt("bias_constraint");
        this.biasConstraint = Constraints.get(constraint);
        return this;
    }

    /** Fraction of the inputs dropped in training (one mask per sequence, as Keras). */
    public LSTMCell dropout(double dropout) {
        this.dropout = Check.inRange("dropout", dropout, 0, 1);
        return this;
    }

    /** Fraction of the recurrent state dropped in training (one mask per sequence). */
    public LSTMCell recurrentDropout(double recurrentDropout) {
        this.recurrentDropout = Check.inRange("recurrent_dropout", recurrentDropout, 0, 1);
        return this;
    }

    public LSTMCell seed(long seed) {
        this.seed = seed;
        this.seeds = new SeedGenerator(seed);
        return this;
    }

    public int units() {
        return units;
    }

    public Variable kernel() {
        return kernel;
    }

    public Variable recurrentKernel() {
        return recurrentKernel;
    }

    /** The bias, or null without one. */
    public Variable bias() {
        return bias;
    }

    @Override
    protected void build(int[] inputShape) {
        int inputDim = inputShape[inputShape.length - 1];
        if (inputDim == NONE) throw new IllegalArgumentException(getClass().getSimpleName() + " '" + name()
                + "': the last dimension of the inputs must be known, got shape " + formatShape(inputShape));
        kernel = addWeight("kernel", new int[] {inputDim, 4 * units}, kernelInitializer, kernelRegularizer, kernelConstraint, true);
        recurrentKernel = addWeight("recurrent_kernel", new int[] {units, 4 * units}, recurrentInitializer, recurrentRegularizer,
                recurrentConstraint, true);
        if (useBias) {
            Initializer init = !unitForgetBias ? biasInitializer : shape -> Ops.concat(List.of(
                    biasInitializer.apply(Shape.of(units)), Tensor.ones(units), biasInitializer.apply(Shape.of(2 * units))), 0);
            bias = addWeight("bias", new int[] {4 * units}, init, biasRegularizer, biasConstraint, true);
        }
    }

    /** The per-sequence dropout masks Keras's cell draws: {input mask or null, recurrent mask or null}. */
    Tensor[] masks(int batch, int inputDim, boolean training) {
        Tensor in = training && dropout > 0 && dropout < 1 ? Dropout.mask(new int[] {batch, inputDim}, dropout, seeds, true) : null;
        Tensor rec = training && recurrentDropout > 0 && recurrentDropout < 1
                ? Dropout.mask(new int[] {batch, units}, recurrentDropout, seeds, true) : null;
        return new Tensor[] {in, rec};
    }

    /** One step: {@code x (batch, input_dim)}, states {@code h, c (batch, units)} to the new {@code {h, c}}. */
    Tensor[] step(Tensor x, Tensor h, Tensor c, Tensor[] masks) {
        if (masks[0] != null) x = Ops.mul(x, masks[0]);
        if (masks[1] != null) h = Ops.mul(h, masks[1]);
        Tensor z = Ops.add(Ops.matmul(x, kernel.value()), Ops.matmul(h, recurrentKernel.value()));
        if (bias != null) z = Ops.add(z, bias.value());
        List<Tensor> g = Ops.split(z, 4, 1);
        Tensor i = recurrentActivation.apply(g.get(0));
        Tensor f = recurrentActivation.apply(g.get(1));
        Tensor cNew = Ops.add(Ops.mul(f, c), Ops.mul(i, activation.apply(g.get(2))));
        Tensor o = recurrentActivation.apply(g.get(3));
        return new Tensor[] {Ops.mul(o, activation.apply(cNew)), cNew};
    }

    /** Keras's {@code cell(inputs, states)}: inputs {@code [x, h, c]}; returns the new h (the step's output). */
    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Check.argument(inputs.size() == 3, "LSTMCell '" + name() + "' takes [inputs, h, c], got " + inputs.size() + " tensors");
        return stepChecked(inputs.get(0), inputs.get(1), inputs.get(2), training)[0];
    }

    /** One step from zero states. */
    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor zeros = Tensor.zeros(inputs.dim(0), units);
        return stepChecked(inputs, zeros, zeros, training)[0];
    }

    private Tensor[] stepChecked(Tensor x, Tensor h, Tensor c, boolean training) {
        Check.argument(x.rank() == 2 && x.dim(1) == kernel.shape().get(0), "LSTMCell '" + name() + "' expects inputs of shape "
                + "(batch, " + kernel.shape().get(0) + "), got " + x.shape());
        int[] state = {x.dim(0), units};
        Check.argument(Shape.of(state).equals(h.shape()) && Shape.of(state).equals(c.shape()), "LSTMCell '" + name()
                + "' expects states h and c of shape " + Shape.of(state) + ", got " + h.shape() + " and " + c.shape());
        return step(x, h, c, masks(x.dim(0), x.dim(1), training));
    }

    @Override
    public int[] computeOutputShapes(List<int[]> inputShapes) {
        return new int[] {inputShapes.get(0)[0], units};
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        build(inputShapes.get(0));
    }

    /** The cell's own arguments in LSTMCell's key order, after {@code base}; LSTM reorders them as Keras's LSTM writes them. */
    Map<String, Object> cellConfig(Map<String, Object> base) {
        return Config.with(base, "units", units, "activation", Activations.serialize(activation),
                "recurrent_activation", Activations.serialize(recurrentActivation), "use_bias", useBias,
                "unit_forget_bias", unitForgetBias, "kernel_initializer", LayerArgs.serialize(kernelInitializer),
                "recurrent_initializer", LayerArgs.serialize(recurrentInitializer),
                "bias_initializer", LayerArgs.serialize(biasInitializer),
                "kernel_regularizer", LayerArgs.serialize(kernelRegularizer),
                "recurrent_regularizer", LayerArgs.serialize(recurrentRegularizer),
                "bias_regularizer", LayerArgs.serialize(biasRegularizer),
                "kernel_constraint", LayerArgs.serialize(kernelConstraint),
                "recurrent_constraint", LayerArgs.serialize(recurrentConstraint),
                "bias_constraint", LayerArgs.serialize(biasConstraint), "dropout", dropout, "recurrent_dropout", recurrentDropout,
                "seed", seed);
    }

    @Override
    public Map<String, Object> getConfig() {
        return cellConfig(super.getConfig());
    }

    /** Reads the cell's arguments (shared with LSTM's config) into {@code cell}. */
    static LSTMCell readCell(LSTMCell cell, Config.Reader r) {
        cell.activationFrom(r.has("activation") ? r.get("activation") : "tanh")
                .recurrentActivationFrom(r.has("recurrent_activation") ? r.get("recurrent_activation") : "sigmoid")
                .useBias(r.getBoolean("use_bias", true)).unitForgetBias(r.getBoolean("unit_forget_bias", true))
                .kernelInitializerFrom(r.has("kernel_initializer") ? r.get("kernel_initializer") : "glorot_uniform")
                .recurrentInitializerFrom(r.has("recurrent_initializer") ? r.get("recurrent_initializer") : "orthogonal")
                .biasInitializerFrom(r.has("bias_initializer") ? r.get("bias_initializer") : "zeros")
                .kernelRegularizerFrom(r.get("kernel_regularizer")).recurrentRegularizerFrom(r.get("recurrent_regularizer"))
                .biasRegularizerFrom(r.get("bias_regularizer")).kernelConstraintFrom(r.get("kernel_constraint"))
                .recurrentConstraintFrom(r.get("recurrent_constraint")).biasConstraintFrom(r.get("bias_constraint"))
                .dropout(r.getDouble("dropout", 0)).recurrentDropout(r.getDouble("recurrent_dropout", 0));
        if (r.has("seed")) cell.seed(r.getLong("seed", 0));
        else r.get("seed");
        // Keras's implementation switch (1 or 2) changes only how the products are batched
        r.ignore("implementation");
        return cell;
    }

    static int units(Config.Reader r, String what) {
        Integer units = r.getIntOrNull("units");
        Check.argument(units != null, what + " config: 'units' is required");
        return units;
    }

    public static LSTMCell fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("LSTMCell", config);
        LSTMCell cell = readCell(new LSTMCell(units(r, "LSTMCell")), r);
        readBase(cell, r);
        r.done();
        return cell;
    }
}
