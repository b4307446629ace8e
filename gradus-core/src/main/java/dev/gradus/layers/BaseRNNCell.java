package dev.gradus.layers;

import dev.gradus.activations.Activation;
import dev.gradus.activations.Activations;
import dev.gradus.autodiff.Variable;
import dev.gradus.constraints.Constraint;
import dev.gradus.constraints.Constraints;
import dev.gradus.initializers.Initializer;
import dev.gradus.initializers.Initializers;
import dev.gradus.regularizers.Regularizer;
import dev.gradus.regularizers.Regularizers;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * What Keras's recurrent cells (SimpleRNNCell, GRUCell, LSTMCell) share: {@code units}, the
 * activation, the kernel / recurrent kernel / bias arguments, input and recurrent dropout drawn once
 * per sequence, and one {@link #step} that maps an input and the states to the new states (the first
 * state is the step's output). {@link BaseRNN} runs a cell over a sequence.
 *
 * @param <C> the concrete cell, returned by the fluent setters
 */
public abstract class BaseRNNCell<C extends BaseRNNCell<C>> extends FluentLayer<C> {
    final int units;
    Activation activation = Activations.get("tanh");
    boolean useBias = true;
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
    Variable kernel;
    Variable recurrentKernel;
    Variable bias;

    BaseRNNCell(int units) {
        this.units = Check.atLeast("units", units, 1);
    }

    final void checkUnbuilt(String what) {
        if (built()) throw new IllegalStateException(getClass().getSimpleName() + " '" + name() + "': " + what
                + " cannot change after the layer is built");
    }

    public C activation(String activation) {
        return activationFrom(activation);
    }

    public C activation(dev.gradus.activations.Activation activation) {
        return activationFrom(activation);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C activation(java.util.Map<String, ?> activation) {
        return activationFrom(activation);
    }

    /** Any of the forms above, as read from a config. */
    C activationFrom(Object activation) {
        checkUnbuilt("activation");
        this.activation = Activations.get(activation);
        return self();
    }

    public C useBias(boolean useBias) {
        checkUnbuilt("use_bias");
        this.useBias = useBias;
        return self();
    }

    public C kernelInitializer(String initializer) {
        return kernelInitializerFrom(initializer);
    }

    public C kernelInitializer(dev.gradus.initializers.Initializer initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C kernelInitializer(java.util.Map<String, ?> initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    C kernelInitializerFrom(Object initializer) {
        checkUnbuilt("kernel_initializer");
        this.kernelInitializer = Check.notNull("kernel_initializer", Initializers.get(initializer));
        return self();
    }

    public C recurrentInitializer(String initializer) {
        return recurrentInitializerFrom(initializer);
    }

    public C recurrentInitializer(dev.gradus.initializers.Initializer initializer) {
        return recurrentInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C recurrentInitializer(java.util.Map<String, ?> initializer) {
        return recurrentInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    C recurrentInitializerFrom(Object initializer) {
        checkUnbuilt("recurrent_initializer");
        this.recurrentInitializer = Check.notNull("recurrent_initializer", Initializers.get(initializer));
        return self();
    }

    public C biasInitializer(String initializer) {
        return biasInitializerFrom(initializer);
    }

    public C biasInitializer(dev.gradus.initializers.Initializer initializer) {
        return biasInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C biasInitializer(java.util.Map<String, ?> initializer) {
        return biasInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    C biasInitializerFrom(Object initializer) {
        checkUnbuilt("bias_initializer");
        this.biasInitializer = Check.notNull("bias_initializer", Initializers.get(initializer));
        return self();
    }

    public C kernelRegularizer(String regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    public C kernelRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C kernelRegularizer(java.util.Map<String, ?> regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    C kernelRegularizerFrom(Object regularizer) {
        checkUnbuilt("kernel_regularizer");
        this.kernelRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public C recurrentRegularizer(String regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    public C recurrentRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C recurrentRegularizer(java.util.Map<String, ?> regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    C recurrentRegularizerFrom(Object regularizer) {
        checkUnbuilt("recurrent_regularizer");
        this.recurrentRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public C biasRegularizer(String regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    public C biasRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C biasRegularizer(java.util.Map<String, ?> regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    C biasRegularizerFrom(Object regularizer) {
        checkUnbuilt("bias_regularizer");
        this.biasRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public C kernelConstraint(String constraint) {
        return kernelConstraintFrom(constraint);
    }

    public C kernelConstraint(dev.gradus.constraints.Constraint constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C kernelConstraint(java.util.Map<String, ?> constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    C kernelConstraintFrom(Object constraint) {
        checkUnbuilt("kernel_constraint");
        this.kernelConstraint = Constraints.get(constraint);
        return self();
    }

    public C recurrentConstraint(String constraint) {
        return recurrentConstraintFrom(constraint);
    }

    public C recurrentConstraint(dev.gradus.constraints.Constraint constraint) {
        return recurrentConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C recurrentConstraint(java.util.Map<String, ?> constraint) {
        return recurrentConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    C recurrentConstraintFrom(Object constraint) {
        checkUnbuilt("recurrent_constraint");
        this.recurrentConstraint = Constraints.get(constraint);
        return self();
    }

    public C biasConstraint(String constraint) {
        return biasConstraintFrom(constraint);
    }

    public C biasConstraint(dev.gradus.constraints.Constraint constraint) {
        return biasConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C biasConstraint(java.util.Map<String, ?> constraint) {
        return biasConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    C biasConstraintFrom(Object constraint) {
        checkUnbuilt("bias_constraint");
        this.biasConstraint = Constraints.get(constraint);
        return self();
    }

    /** Fraction of the inputs dropped in training (one mask per sequence, as Keras). */
    public C dropout(double dropout) {
        this.dropout = Check.inRange("dropout", dropout, 0, 1);
        return self();
    }

    /** Fraction of the recurrent state dropped in training (one mask per sequence). */
    public C recurrentDropout(double recurrentDropout) {
        this.recurrentDropout = Check.inRange("recurrent_dropout", recurrentDropout, 0, 1);
        return self();
    }

    public C seed(long seed) {
        this.seed = seed;
        this.seeds = new SeedGenerator(seed);
        return self();
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

    /** The number of state tensors ({@code h}; LSTM's {@code h, c}), each {@code (batch, units)}. */
    int stateCount() {
        return 1;
    }

    /** Keras's {@code state_size}: units per state. */
    public List<Integer> stateSize() {
        return java.util.Collections.nCopies(stateCount(), units);
    }

    /** The number of gate blocks in the kernels: 1 (SimpleRNN), 3 (GRU), 4 (LSTM). */
    abstract int gates();

    /** The bias's initial value; LSTM's unit_forget_bias overrides it. */
    Initializer biasInit() {
        return biasInitializer;
    }

    /** The bias's shape: {@code (gates·units)}; GRU's reset_after makes it {@code (2, 3·units)}. */
    int[] biasShape() {
        return new int[] {gates() * units};
    }

    @Override
    protected void build(int[] inputShape) {
        int inputDim = inputShape[inputShape.length - 1];
        if (inputDim == NONE) throw new IllegalArgumentException(getClass().getSimpleName() + " '" + name()
                + "': the last dimension of the inputs must be known, got shape " + formatShape(inputShape));
        kernel = addWeight("kernel", new int[] {inputDim, gates() * units}, kernelInitializer, kernelRegularizer,
                kernelConstraint, true);
        recurrentKernel = addWeight("recurrent_kernel", new int[] {units, gates() * units}, recurrentInitializer,
                recurrentRegularizer, recurrentConstraint, true);
        if (useBias) bias = addWeight("bias", biasShape(), biasInit(), biasRegularizer, biasConstraint, true);
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        build(inputShapes.get(0));
    }

    /** The per-sequence dropout masks Keras's cell draws: {input mask or null, recurrent mask or null}. */
    Tensor[] masks(int batch, int inputDim, boolean training) {
        Tensor in = training && dropout > 0 && dropout < 1 ? Dropout.mask(new int[] {batch, inputDim}, dropout, seeds, true) : null;
        Tensor rec = training && recurrentDropout > 0 && recurrentDropout < 1
                ? Dropout.mask(new int[] {batch, units}, recurrentDropout, seeds, true) : null;
        return new Tensor[] {in, rec};
    }

    /**
     * One step: {@code x (batch, input_dim)} and the states (each {@code (batch, units)}) to the new
     * states, the first being the step's output; {@code masks} are the dropout masks of {@link #masks}.
     */
    abstract Tensor[] step(Tensor x, Tensor[] states, Tensor[] masks);

    /**
     * The whole sequence {@code inputs (batch, timesteps, features)} from {@code states} as one op, its
     * result as {@link BaseRNN}'s loop gives it ({@code [output, states...]}); or null where this cell
     * has no such op for its configuration, and the loop runs {@link #step}. Called only when no
     * dropout applies to the call.
     */
    List<Tensor> sequence(Tensor inputs, Tensor[] states, dev.gradus.ops.RecurrentOps.Options options) {
        return null;
    }

    /** Keras's {@code cell(inputs, states)}: inputs {@code [x, state...]}; returns the step's output. */
    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        return stepChecked(inputs, training)[0];
    }

    /** One step from zero states. */
    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor zeros = Tensor.zeros(inputs.dim(0), units);
        List<Tensor> in = new java.util.ArrayList<>(List.of(inputs));
        for (int i = 0; i < stateCount(); i++) in.add(zeros);
        return stepChecked(in, training)[0];
    }

    /**
     * Keras's {@code cell(inputs, states)} with all its results: inputs {@code [x, state...]}, returns
     * the new states (the first is the output), as Keras's {@code (output, new_states)}.
     */
    public List<Tensor> applyStep(List<Tensor> inputs, boolean training) {
        Check.notNull("inputs", inputs);
        if (!built()) buildFor(inputs.get(0).shape().dims());
        return inCall(training, t -> List.of(stepChecked(inputs, t)));
    }

    private Tensor[] stepChecked(List<Tensor> inputs, boolean training) {
        String names = stateCount() == 1 ? "[inputs, h]" : "[inputs, h, c]";
        Check.argument(inputs.size() == 1 + stateCount(), getClass().getSimpleName() + " '" + name() + "' takes " + names
                + ", got " + inputs.size() + " tensors");
        Tensor x = inputs.get(0);
        Check.argument(x.rank() == 2 && x.dim(1) == kernel.shape().get(0), getClass().getSimpleName() + " '" + name()
                + "' expects inputs of shape (batch, " + kernel.shape().get(0) + "), got " + x.shape());
        Tensor[] states = new Tensor[stateCount()];
        Shape want = Shape.of(x.dim(0), units);
        for (int i = 0; i < states.length; i++) {
            states[i] = inputs.get(i + 1);
            Check.argument(want.equals(states[i].shape()), getClass().getSimpleName() + " '" + name() + "' expects states of shape "
                    + want + ", got " + states[i].shape() + " for state " + i);
        }
        return step(x, states, masks(x.dim(0), x.dim(1), training));
    }

    @Override
    public int[] computeOutputShapes(List<int[]> inputShapes) {
        return new int[] {inputShapes.get(0)[0], units};
    }

    /** Every argument of the cell by its Keras key (the layers write them in their own Keras order). */
    Map<String, Object> cellArguments() {
        return Config.of("units", units, "activation", Activations.serialize(activation), "use_bias", useBias,
                "kernel_initializer", LayerArgs.serialize(kernelInitializer),
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

    /** The cell's config keys after the base keys, in its Keras class's order. */
    abstract List<String> configKeys();

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> out = super.getConfig();
        Map<String, Object> args = cellArguments();
        for (String k : configKeys()) out.put(k, args.get(k));
        return out;
    }

    /** Reads the arguments every cell has (shared with the layers' flat configs) into {@code cell}. */
    static void readCommon(BaseRNNCell<?> cell, Config.Reader r) {
        cell.activationFrom(r.has("activation") ? r.get("activation") : "tanh")
                .useBias(r.getBoolean("use_bias", true))
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
    }

    static int units(Config.Reader r, String what) {
        Integer units = r.getIntOrNull("units");
        Check.argument(units != null, what + " config: 'units' is required");
        return units;
    }

    /** Reads a cell's own config: the base keys, then the cell's arguments. */
    static <C extends BaseRNNCell<C>> C readCellConfig(C cell, Config.Reader r) {
        cell.readArguments(r);
        readBase(cell, r);
        r.done();
        return cell;
    }

    /** Reads this cell's arguments from a (cell or flat layer) config. */
    void readArguments(Config.Reader r) {
        readCommon(this, r);
    }
}
