package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.ops.RecurrentOps;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code RNN} base of SimpleRNN, GRU and LSTM: runs a {@link BaseRNNCell} over the time axis
 * of {@code (batch, timesteps, features)} inputs from zero (or given) states, returning the last
 * output {@code (batch, units)} or, with {@code return_sequences}, every output
 * {@code (batch, timesteps, units)} in processing order (reversed with {@code go_backwards}, as Keras).
 *
 * <p><b>Masks.</b> With a Keras mask {@code (batch, timesteps)} (from Embedding(mask_zero), Masking,
 * or given to {@code apply}), a masked step leaves every state unchanged and repeats the previous
 * output ({@code zero_output_for_mask}: outputs 0 instead), as Keras's backend {@code rnn}. As in
 * Keras 3, the layer consumes the mask ({@code supports_masking} is false): its output carries none.
 *
 * <p>With {@code stateful} the final states of each call start the next one ({@link #resetState()}).
 *
 * <p>The weights live in the cell, a sublayer saved under its attribute name {@code cell}
 * ({@code layers/lstm/cell/vars/0..2}); the config is flat, the cell's arguments plus the RNN ones,
 * as Keras writes it. Where the cell has a whole-sequence op for its configuration and no dropout
 * applies to the call ({@link BaseRNNCell#sequence}: LSTM with tanh and sigmoid), the sequence runs as
 * that one op with its own gradient; otherwise the loop is written with {@code Ops}, so a tape
 * differentiates it through time. Dropout masks are drawn once per sequence.
 *
 * @param <T> the concrete layer
 * @param <C> its cell
 */
public abstract class BaseRNN<T extends BaseRNN<T, C>, C extends BaseRNNCell<C>> extends FluentLayer<T> {
    final C cell;
    private boolean returnSequences;
    private boolean returnState;
    private boolean goBackwards;
    private boolean unroll;
    private boolean zeroOutputForMask;
    private boolean stateful;
    /** With {@code stateful}: the final states of the last call, the next call's initial states (Keras's {@code layer.states}). */
    private Tensor[] carried;

    BaseRNN(C cell) {
        this.cell = track(cell);
        inputRank(3);
    }

    /** The cell holding the weights (Keras's {@code layer.cell}). */
    public C cell() {
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

    public T activation(String activation) {
        return activationFrom(activation);
    }

    public T activation(dev.gradus.activations.Activation activation) {
        return activationFrom(activation);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T activation(java.util.Map<String, ?> activation) {
        return activationFrom(activation);
    }

    /** Any of the forms above, as read from a config. */
    T activationFrom(Object activation) {
        cell.activationFrom(activation);
        return self();
    }

    public T useBias(boolean useBias) {
        cell.useBias(useBias);
        return self();
    }

    public T kernelInitializer(String initializer) {
        return kernelInitializerFrom(initializer);
    }

    public T kernelInitializer(dev.gradus.initializers.Initializer initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T kernelInitializer(java.util.Map<String, ?> initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    T kernelInitializerFrom(Object initializer) {
        cell.kernelInitializerFrom(initializer);
        return self();
    }

    public T recurrentInitializer(String initializer) {
        return recurrentInitializerFrom(initializer);
    }

    public T recurrentInitializer(dev.gradus.initializers.Initializer initializer) {
        return recurrentInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T recurrentInitializer(java.util.Map<String, ?> initializer) {
        return recurrentInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    T recurrentInitializerFrom(Object initializer) {
        cell.recurrentInitializerFrom(initializer);
        return self();
    }

    public T biasInitializer(String initializer) {
        return biasInitializerFrom(initializer);
    }

    public T biasInitializer(dev.gradus.initializers.Initializer initializer) {
        return biasInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T biasInitializer(java.util.Map<String, ?> initializer) {
        return biasInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    T biasInitializerFrom(Object initializer) {
        cell.biasInitializerFrom(initializer);
        return self();
    }

    public T kernelRegularizer(String regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    public T kernelRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T kernelRegularizer(java.util.Map<String, ?> regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T kernelRegularizerFrom(Object regularizer) {
        cell.kernelRegularizerFrom(regularizer);
        return self();
    }

    public T recurrentRegularizer(String regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    public T recurrentRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T recurrentRegularizer(java.util.Map<String, ?> regularizer) {
        return recurrentRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T recurrentRegularizerFrom(Object regularizer) {
        cell.recurrentRegularizerFrom(regularizer);
        return self();
    }

    public T biasRegularizer(String regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    public T biasRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T biasRegularizer(java.util.Map<String, ?> regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T biasRegularizerFrom(Object regularizer) {
        cell.biasRegularizerFrom(regularizer);
        return self();
    }

    public T kernelConstraint(String constraint) {
        return kernelConstraintFrom(constraint);
    }

    public T kernelConstraint(dev.gradus.constraints.Constraint constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T kernelConstraint(java.util.Map<String, ?> constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    T kernelConstraintFrom(Object constraint) {
        cell.kernelConstraintFrom(constraint);
        return self();
    }

    public T recurrentConstraint(String constraint) {
        return recurrentConstraintFrom(constraint);
    }

    public T recurrentConstraint(dev.gradus.constraints.Constraint constraint) {
        return recurrentConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T recurrentConstraint(java.util.Map<String, ?> constraint) {
        return recurrentConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    T recurrentConstraintFrom(Object constraint) {
        cell.recurrentConstraintFrom(constraint);
        return self();
    }

    public T biasConstraint(String constraint) {
        return biasConstraintFrom(constraint);
    }

    public T biasConstraint(dev.gradus.constraints.Constraint constraint) {
        return biasConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T biasConstraint(java.util.Map<String, ?> constraint) {
        return biasConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    T biasConstraintFrom(Object constraint) {
        cell.biasConstraintFrom(constraint);
        return self();
    }

    public T dropout(double dropout) {
        cell.dropout(dropout);
        return self();
    }

    public T recurrentDropout(double recurrentDropout) {
        cell.recurrentDropout(recurrentDropout);
        return self();
    }

    public T seed(long seed) {
        cell.seed(seed);
        return self();
    }

    /** Keras's {@code activity_regularizer}: a penalty on the output, added to {@link #losses()} at each call. */
    public T activityRegularizer(String regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    public T activityRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T activityRegularizer(java.util.Map<String, ?> regularizer) {
        return activityRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T activityRegularizerFrom(Object regularizer) {
        super.activityRegularizer(dev.gradus.regularizers.Regularizers.get(regularizer));
        return self();
    }

    public T returnSequences(boolean returnSequences) {
        this.returnSequences = returnSequences;
        return self();
    }

    public boolean returnSequences() {
        return returnSequences;
    }

    /**
     * Keras's {@code return_state}: the call also returns the final states. Such a layer is called
     * through {@link #applyAll(Tensor, boolean)} / {@link #applyAll(KerasTensor)} ({@code [output,
     * states...]}) or, with initial states, {@link #applyWithStates}; {@code apply} refuses.
     */
    public T returnState(boolean returnState) {
        this.returnState = returnState;
        return self();
    }

    public boolean returnState() {
        return returnState;
    }

    public T goBackwards(boolean goBackwards) {
        this.goBackwards = goBackwards;
        return self();
    }

    public boolean goBackwards() {
        return goBackwards;
    }

    /** Accepted for Keras compatibility: the loop is the same either way. */
    public T unroll(boolean unroll) {
        this.unroll = unroll;
        return self();
    }

    /** Keras's {@code zero_output_for_mask}: a masked step outputs zeros instead of repeating the previous output. */
    public T zeroOutputForMask(boolean zeroOutputForMask) {
        this.zeroOutputForMask = zeroOutputForMask;
        return self();
    }

    /**
     * Keras's {@code stateful}: the final states of a batch are the initial states of the next one (sample
     * i of a batch continues sample i of the previous batch), until {@link #resetState()}. The batch
     * size must stay the same. As Keras, the states are not weights: they are neither trained nor saved.
     */
    public T stateful(boolean stateful) {
        this.stateful = stateful;
        this.carried = null;
        return self();
    }

    public boolean stateful() {
        return stateful;
    }

    /** Keras's {@code reset_state()}: the carried states go back to zeros (no effect without {@code stateful}). */
    public void resetState() {
        if (carried != null) for (int i = 0; i < carried.length; i++) carried[i] = Tensor.zeros(carried[i].shape().dims());
    }

    /** Keras's {@code reset_states()}, the same as {@link #resetState()}. */
    public void resetStates() {
        resetState();
    }

    /** The carried states of a stateful layer ({@code h}; LSTM {@code h, c}), or an empty list before its first call. */
    public List<Tensor> states() {
        return carried == null ? List.of() : List.of(carried.clone());
    }

    @Override
    protected void build(int[] inputShape) {
        cell.buildFor(inputShape[0], inputShape[2]);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return call(inputs, null, training);
    }

    @Override
    public Tensor call(Tensor inputs, Tensor mask, boolean training) {
        if (returnState) throw new IllegalStateException(getClass().getSimpleName() + " '" + name() + "' has return_state=True: "
                + "a Gradus layer returns one tensor from apply; use applyWithStates(inputs, initialState, training), which "
                + "returns [output, states...]");
        return run(inputs, null, mask, training).get(0);
    }

    /**
     * Keras's {@code rnn(inputs, initial_state=...)} with its states: {@code [output, h]}
     * ({@code [output, h, c]} for LSTM); initialState null (zeros) or one tensor per state. The mask
     * attached to {@code inputs}, if any, applies.
     */
    public List<Tensor> applyWithStates(Tensor inputs, List<Tensor> initialState, boolean training) {
        return applyWithStates(inputs, initialState, null, training);
    }

    /** As {@link #applyWithStates(Tensor, List, boolean)} with an explicit mask {@code (batch, timesteps)} (null: the attached one). */
    public List<Tensor> applyWithStates(Tensor inputs, List<Tensor> initialState, Tensor mask, boolean training) {
        Check.notNull("inputs", inputs);
        Check.argument(inputs.rank() == 3, getClass().getSimpleName() + " '" + name() + "' expects inputs of shape (batch, "
                + "timesteps, features), got " + inputs.shape());
        if (!built()) buildFor(inputs.shape().dims());
        Tensor m = mask != null ? mask : Masks.get(inputs);
        return inCall(training, t -> run(inputs, initialState, m, t));
    }

    /** The output, then the final states. */
    List<Tensor> run(Tensor inputs, List<Tensor> initialState, Tensor mask, boolean training) {
        String who = getClass().getSimpleName() + " '" + name() + "'";
        int batch = inputs.dim(0), steps = inputs.dim(1), features = inputs.dim(2);
        int inputDim = cell.kernel().shape().get(0);
        Check.argument(features == inputDim, who + " was built for " + inputDim + " features, got inputs of shape "
                + inputs.shape());
        Check.argument(steps >= 1, who + " needs at least one time step, got inputs of shape " + inputs.shape());
        int n = cell.stateCount();
        Tensor[] states = new Tensor[n];
        if (initialState == null && stateful && carried != null) {
            Check.argument(carried[0].dim(0) == batch, "If an RNN is stateful, the batch size of the input sequences must be the "
                    + "same as the batch size of the initial state. Expected batch size: " + carried[0].dim(0)
                    + "; received batch size: " + batch + " (layer '" + name() + "')");
            states = carried.clone();
        } else if (initialState == null) java.util.Arrays.fill(states, Tensor.zeros(batch, cell.units));
        else {
            Check.argument(initialState.size() == n, who + ": initial_state must be " + n + " tensor" + (n == 1 ? "" : "s")
                    + " of shape (" + batch + ", " + cell.units + "), got " + initialState.size() + " tensors");
            for (int i = 0; i < n; i++) {
                states[i] = Check.notNull("initial_state[" + i + "]", initialState.get(i));
                Check.argument(states[i].rank() == 2 && states[i].dim(0) == batch && states[i].dim(1) == cell.units, who
                        + ": initial states must have shape (" + batch + ", " + cell.units + "), got " + states[i].shape());
            }
        }
        if (mask != null) Check.argument(mask.rank() == 2 && mask.dim(0) == batch && mask.dim(1) == steps, who
                + ": the mask must have shape (" + batch + ", " + steps + "), got " + mask.shape());
        Tensor[] dropoutMasks = cell.masks(batch, features, training);
        if (dropoutMasks[0] == null && dropoutMasks[1] == null) {
            // the whole sequence as one op where the cell has one for its configuration (LSTM with Keras's activations)
            List<Tensor> fused = cell.sequence(inputs, states,
                    new RecurrentOps.Options(mask, goBackwards, returnSequences, zeroOutputForMask));
            if (fused != null) {
                if (stateful) carry(fused.subList(1, n + 1).toArray(new Tensor[0]));
                return new ArrayList<>(fused);
            }
        }
        Tensor valid = mask == null ? null : Ops.notEqual(mask, 0);
        List<Tensor> outputs = new ArrayList<>(steps);
        for (int k = 0; k < steps; k++) {
            int t = goBackwards ? steps - 1 - k : k;
            Tensor x = Ops.reshape(Ops.slice(inputs, 1, t, t + 1), batch, features);
            Tensor[] next = cell.step(x, states, dropoutMasks);
            Tensor out = next[0];
            if (valid != null) {
                Tensor keep = Ops.slice(valid, 1, t, t + 1);
                out = zeroOutputForMask ? Ops.where(keep, next[0], 0) : Ops.where(keep, next[0], states[0]);
                for (int i = 0; i < n; i++) next[i] = Ops.where(keep, next[i], states[i]);
            }
            states = next;
            outputs.add(out);
        }
        if (stateful) carry(states);
        List<Tensor> result = new ArrayList<>(n + 1);
        result.add(returnSequences ? Ops.stack(outputs, 1) : outputs.get(steps - 1));
        result.addAll(List.of(states));
        return result;
    }

    /** Keeps a stateful layer's final states as plain copies: no gradient across batches, and no buffer a compiled step reuses. */
    private void carry(Tensor[] states) {
        carried = new Tensor[states.length];
        for (int i = 0; i < states.length; i++) carried[i] = Tensor.of(states[i].toFloatArray(), states[i].shape().dims());
    }

    /** With {@code return_state}: the output, then one tensor per state (LSTM: h, c). */
    @Override
    public int outputCount() {
        return returnState ? 1 + cell.stateCount() : 1;
    }

    /** Keras's call: {@code [output, states...]} with {@code return_state}, else {@code [output]}. */
    @Override
    public List<Tensor> callAll(Tensor inputs, Tensor mask, boolean training) {
        List<Tensor> all = run(inputs, null, mask, training);
        return returnState ? all : List.of(all.get(0));
    }

    @Override
    public List<int[]> computeAllOutputShapes(List<int[]> inputShapes, boolean asList) {
        int[] in = inputShapes.get(0);
        List<int[]> out = new ArrayList<>(List.of(computeOutputShape(in)));
        if (returnState) for (int i = 0; i < cell.stateCount(); i++) out.add(new int[] {in[0], cell.units});
        return out;
    }

    /** Keras's RNN {@code compute_mask}: the input mask with {@code return_sequences}, else none. */
    @Override
    public Tensor computeMask(Tensor inputs, Tensor previousMask) {
        return returnSequences ? previousMask : null;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return returnSequences ? new int[] {inputShape[0], inputShape[1], cell.units} : new int[] {inputShape[0], cell.units};
    }

    /** The cell's keys in the order this Keras layer writes them (after the RNN keys). */
    abstract List<String> layerKeys();

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> out = Config.with(super.getConfig(), "return_sequences", returnSequences, "return_state",
                returnState, "go_backwards", goBackwards, "stateful", stateful, "unroll", unroll, "zero_output_for_mask",
                zeroOutputForMask);
        out.remove("activity_regularizer");
        Map<String, Object> cellKeys = cell.cellArguments();
        for (String k : layerKeys())
            out.put(k, k.equals("activity_regularizer") ? LayerArgs.serialize(activityRegularizer()) : cellKeys.get(k));
        return out;
    }

    /** Reads a flat layer config: the cell's arguments, the RNN flags, the base keys. */
    static <L extends BaseRNN<L, ?>> L readConfig(L layer, Config.Reader r) {
        layer.cell.readArguments(r);
        layer.activityRegularizerFrom(r.get("activity_regularizer"));
        layer.returnSequences(r.getBoolean("return_sequences", false)).returnState(r.getBoolean("return_state", false))
                .goBackwards(r.getBoolean("go_backwards", false)).stateful(r.getBoolean("stateful", false))
                .unroll(r.getBoolean("unroll", false)).zeroOutputForMask(r.getBoolean("zero_output_for_mask", false));
        // Keras 3's use_cudnn ("auto", True, False) only picks a kernel
        r.ignore("use_cudnn");
        readBase(layer, r);
        r.done();
        return layer;
    }
}
