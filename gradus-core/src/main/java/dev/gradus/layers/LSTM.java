package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's LSTM: runs an {@link LSTMCell} over the time axis of {@code (batch, timesteps, features)}
 * inputs from zero states, returning the last output {@code (batch, units)} or, with
 * {@code return_sequences}, every output {@code (batch, timesteps, units)} (in processing order, so
 * reversed with {@code go_backwards}, as Keras). The weights live in the cell, a sublayer named
 * {@code cell} as in Keras's saved files ({@code layers/lstm/cell/vars/0..2}); the layer's config is
 * the cell's arguments plus the RNN ones, flat, as Keras writes it. The forward pass is written with
 * {@code Ops}, so a tape differentiates it through time. Dropout masks are drawn once per sequence.
 */
public final class LSTM extends FluentLayer<LSTM> {
    private final LSTMCell cell;
    private boolean returnSequences;
    private boolean returnState;
    private boolean goBackwards;
    private boolean unroll;
    private boolean zeroOutputForMask;

    public LSTM(int units) {
        this.cell = track(new LSTMCell(units).name("lstm_cell"));
        inputRank(3);
    }

    /** The cell holding the weights (Keras's {@code layer.cell}). */
    public LSTMCell cell() {
        return cell;
    }

    /** The cell, saved under its attribute name as Keras does: {@code layers/lstm/cell/vars/0..2}. */
    @Override
    public Map<String, Layer> namedSublayers() {
        return Map.of("cell", cell);
    }

    public int units() {
        return cell.units;
    }

    public LSTM activation(String activation) {
        return activationFrom(activation);
    }

    public LSTM activation(dev.gradus.activations.Activation activation) {
        return activationFrom(activation);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM activation(java.util.Map<String, ?> activation) {
        return activationFrom(activation);
    }

    /** Any of the forms above, as read from a config. */
    LSTM activationFrom(Object activation) {
        cell.activationFrom(activation);
        return this;
    }

    public LSTM recurrentActivation(String activation) {
        return recurrentActivationFrom(activation);
    }

    public LSTM recurrentActivation(dev.gradus.activations.Activation activation) {
        return recurrentActivationFrom(activation);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM recurrentActivation(java.util.Map<String, ?> activation) {
        return recurrentActivationFrom(activation);
    }

    /** Any of the forms above, as read from a config. */
    LSTM recurrentActivationFrom(Object activation) {
        cell.recurrentActivationFrom(activation);
        return this;
    }

    public LSTM useBias(boolean useBias) {
        cell.useBias(useBias);
        return this;
    }

    public LSTM unitForgetBias(boolean unitForgetBias) {
        cell.unitForgetBias(unitForgetBias);
        return this;
    }

    public LSTM kernelInitializer(String initializer) {
        return kernelInitializerFrom(initializer);
    }

    public LSTM kernelInitializer(dev.gradus.initializers.Initializer initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM kernelInitializer(java.util.Map<String, ?> initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    LSTM kernelInitializerFrom(Object initializer) {
        cell.kernelInitializerFrom(initializer);
        return this;
    }

    public LSTM recurrentInitializer(String initializer) {
        return recurrentInitializerFrom(initializer);
    }

    public LSTM recurrentInitializer(dev.gradus.initializers.Initializer initializer) {
        return recurrentInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM recurrentInitializer(java.util.Map<String, ?> initializer) {
        return recurrentInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    LSTM recurrentInitializerFrom(Object initializer) {
        cell.recurrentInitializerFrom(initializer);
        return this;
    }

    public LSTM biasInitializer(String initializer) {
        return biasInitializerFrom(initializer);
    }

    public LSTM biasInitializer(dev.gradus.initializers.Initializer initializer) {
        return biasInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM biasInitializer(java.util.Map<String, ?> initializer) {
        return biasInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    LSTM biasInitializerFrom(Object initializer) {
        cell.biasInitializerFrom(initializer);
        return this;
    }

    public LSTM kernelRegularizer(String regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    public LSTM kernelRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM kernelRegularizer(java.util.Map<String, ?> regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    LSTM kernelRegularizerFrom(Object regularizer) {
        cell.kernelRegularizerFrom(regularizer);
        return this;
    }

    public LSTM recurrentRegularizer(String regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    public LSTM recurrentRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM recurrentRegularizer(java.util.Map<String, ?> regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    LSTM recurrentRegularizerFrom(Object regularizer) {
        cell.recurrentRegularizerFrom(regularizer);
        return this;
    }

    public LSTM biasRegularizer(String regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    public LSTM biasRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM biasRegularizer(java.util.Map<String, ?> regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    LSTM biasRegularizerFrom(Object regularizer) {
        cell.biasRegularizerFrom(regularizer);
        return this;
    }

    public LSTM kernelConstraint(String constraint) {
        return kernelConstraintFrom(constraint);
    }

    public LSTM kernelConstraint(dev.gradus.constraints.Constraint constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM kernelConstraint(java.util.Map<String, ?> constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    LSTM kernelConstraintFrom(Object constraint) {
        cell.kernelConstraintFrom(constraint);
        return this;
    }

    public LSTM recurrentConstraint(String constraint) {
        return recurrentConstraintFrom(constraint);
    }

    public LSTM recurrentConstraint(dev.gradus.constraints.Constraint constraint) {
        return recurrentConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM recurrentConstraint(java.util.Map<String, ?> constraint) {
        return recurrentConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    LSTM recurrentConstraintFrom(Object constraint) {
        cell.recurrentConstraintFrom(constraint);
        return this;
    }

    public LSTM biasConstraint(String constraint) {
        return biasConstraintFrom(constraint);
    }

    public LSTM biasConstraint(dev.gradus.constraints.Constraint constraint) {
        return biasConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM biasConstraint(java.util.Map<String, ?> constraint) {
        return biasConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    LSTM biasConstraintFrom(Object constraint) {
        cell.biasConstraintFrom(constraint);
        return this;
    }

    public LSTM dropout(double dropout) {
        cell.dropout(dropout);
        return this;
    }

    public LSTM recurrentDropout(double recurrentDropout) {
        cell.recurrentDropout(recurrentDropout);
        return this;
    }

    public LSTM seed(long seed) {
        cell.seed(seed);
        return this;
    }

    /** Keras's {@code activity_regularizer}: a penalty on the output, added to {@link #losses()} at each call. */
    public LSTM activityRegularizer(String regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    public LSTM activityRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public LSTM activityRegularizer(java.util.Map<String, ?> regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    LSTM activityRegularizerFrom(Object regularizer) {
        super.activityRegularizer(dev.gradus.regularizers.Regularizers.get(regularizer));
        return this;
    }

    public LSTM returnSequences(boolean returnSequences) {
        this.returnSequences = returnSequences;
        return this;
    }

    /**
     * Keras's {@code return_state}. A Gradus layer has one output in {@code apply} and in models, so
     * with it set the outputs and final states come from {@link #applyWithStates}; {@code apply} refuses.
     */
    public LSTM returnState(boolean returnState) {
        this.returnState = returnState;
        return this;
    }

    public LSTM goBackwards(boolean goBackwards) {
        this.goBackwards = goBackwards;
        return this;
    }

    /** Accepted for Keras compatibility: the loop is the same either way. */
    public LSTM unroll(boolean unroll) {
        this.unroll = unroll;
        return this;
    }

    /** Keras's stateful RNNs (states carried across batches) are not supported; only false is accepted. */
    public LSTM stateful(boolean stateful) {
        Check.argument(!stateful, "LSTM: stateful=True is not supported by Gradus (states are not carried across batches); "
                + "use stateful=False or pass the states with applyWithStates(inputs, initialState, training)");
        return this;
    }

    @Override
    public LSTM trainable(boolean trainable) {
        super.trainable(trainable);
        return this;
    }

    @Override
    protected void build(int[] inputShape) {
        cell.buildFor(inputShape[0], inputShape[2]);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (returnState) throw new IllegalStateException("LSTM '" + name() + "' has return_state=True: a Gradus layer returns "
                + "one tensor from apply and in models; use applyWithStates(inputs, initialState, training), which returns "
                + "[output, h, c]");
        return run(inputs, null, training).get(0);
    }

    /** Keras's {@code lstm(inputs, initial_state=...)} with its states: {@code [output, h, c]}; initialState null or [h0, c0]. */
    public List<Tensor> applyWithStates(Tensor inputs, List<Tensor> initialState, boolean training) {
        Check.notNull("inputs", inputs);
        Check.argument(inputs.rank() == 3, "LSTM '" + name() + "' expects inputs of shape (batch, timesteps, features), got "
                + inputs.shape());
        if (!built()) buildFor(inputs.shape().dims());
        return inCall(training, t -> run(inputs, initialState, t));
    }

    private List<Tensor> run(Tensor inputs, List<Tensor> initialState, boolean training) {
        int batch = inputs.dim(0), steps = inputs.dim(1), features = inputs.dim(2);
        int inputDim = cell.kernel().shape().get(0);
        Check.argument(features == inputDim, "LSTM '" + name() + "' was built for " + inputDim + " features, got inputs of shape "
                + inputs.shape());
        Check.argument(steps >= 1, "LSTM '" + name() + "' needs at least one time step, got inputs of shape " + inputs.shape());
        Tensor h = Tensor.zeros(batch, cell.units), c = h;
        if (initialState != null) {
            Check.argument(initialState.size() == 2, "LSTM '" + name() + "': initial_state must be [h, c], got "
                    + initialState.size() + " tensors");
            h = Check.notNull("initial_state[0]", initialState.get(0));
            c = Check.notNull("initial_state[1]", initialState.get(1));
            Check.argument(h.shape().equals(c.shape()) && h.rank() == 2 && h.dim(0) == batch && h.dim(1) == cell.units,
                    "LSTM '" + name() + "': initial states must have shape (" + batch + ", " + cell.units + "), got " + h.shape()
                            + " and " + c.shape());
        }
        Tensor[] masks = cell.masks(batch, features, training);
        List<Tensor> outputs = returnSequences ? new ArrayList<>(steps) : null;
        for (int k = 0; k < steps; k++) {
            int t = goBackwards ? steps - 1 - k : k;
            Tensor x = Ops.reshape(Ops.slice(inputs, 1, t, t + 1), batch, features);
            Tensor[] hc = cell.step(x, h, c, masks);
            h = hc[0];
            c = hc[1];
            if (outputs != null) outputs.add(h);
        }
        return List.of(outputs != null ? Ops.stack(outputs, 1) : h, h, c);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return returnSequences ? new int[] {inputShape[0], inputShape[1], cell.units} : new int[] {inputShape[0], cell.units};
    }

    /** The cell's keys in the order Keras's LSTM writes them (LSTMCell writes unit_forget_bias earlier). */
    private static final List<String> CELL_KEYS = List.of("units", "activation", "recurrent_activation", "use_bias",
            "kernel_initializer", "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
            "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
            "bias_constraint", "dropout", "recurrent_dropout", "seed");

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> out = Config.with(super.getConfig(), "return_sequences", returnSequences, "return_state", returnState,
                "go_backwards", goBackwards, "stateful", false, "unroll", unroll, "zero_output_for_mask", zeroOutputForMask);
        out.remove("activity_regularizer");
        Map<String, Object> cellKeys = cell.cellConfig(Map.of());
        for (String k : CELL_KEYS)
            out.put(k, k.equals("activity_regularizer") ? LayerArgs.serialize(activityRegularizer()) : cellKeys.get(k));
        return out;
    }

    public static LSTM fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("LSTM", config);
        LSTM layer = new LSTM(LSTMCell.units(r, "LSTM"));
        LSTMCell.readCell(layer.cell, r);
        layer.returnSequences(r.getBoolean("return_sequences", false)).returnState(r.getBoolean("return_state", false))
                .goBackwards(r.getBoolean("go_backwards", false)).stateful(r.getBoolean("stateful", false))
                .unroll(r.getBoolean("unroll", false));
        // without masks (Gradus has no mask propagation) zero_output_for_mask changes nothing; kept for the config
        layer.zeroOutputForMask = r.getBoolean("zero_output_for_mask", false);
        readBase(layer, r);
        r.done();
        return layer;
    }
}
