package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's Bidirectional wrapper: runs a recurrent layer forward and a copy of it backward over the
 * sequence and merges the two outputs ({@code merge_mode} concat, sum, mul, ave, or none).
 *
 * <p>As Keras, the wrapped layer is copied through its config: the forward layer is named
 * {@code forward_<name>}, the backward one {@code backward_<name>} with {@code go_backwards=True}
 * (or is the {@code backward_layer} given), and both get {@code zero_output_for_mask =
 * return_sequences}. The backward outputs are flipped back into time order before merging when
 * sequences are returned. Both get the input's mask; the output carries none (Keras 3's
 * {@code supports_masking} is false). Weights: the forward layer's, then the backward layer's,
 * saved under {@code forward_layer} and {@code backward_layer}.
 *
 * <p>With {@code merge_mode=None} or {@code return_state} there are several outputs, which
 * {@code applyAll} returns (eager, symbolic, or with initial states): {@code [forward, backward]} or
 * {@code [output, forward states..., backward states...]}; {@code apply} refuses those.
 */
public final class Bidirectional extends FluentLayer<Bidirectional> {
    private final BaseRNN<?, ?> forward;
    private final BaseRNN<?, ?> backward;
    private String mergeMode = "concat";

    /** Wraps a recurrent layer (LSTM, GRU, SimpleRNN); the backward copy is made from its config. */
    public Bidirectional(BaseRNN<?, ?> layer) {
        this(layer, null);
    }

    /** Keras's {@code backward_layer}: the backward layer given (it must go backwards and match the flags of {@code layer}). */
    public Bidirectional(BaseRNN<?, ?> layer, BaseRNN<?, ?> backwardLayer) {
        Check.notNull("layer", layer);
        this.forward = copy(layer, "forward_", false);
        this.backward = backwardLayer != null ? backwardLayer : copy(layer, "backward_", true);
        if (forward.goBackwards() == backward.goBackwards()) throw new IllegalArgumentException("Bidirectional: forward layer and "
                + "backward layer should have different go_backwards values, got " + forward.goBackwards() + " for both");
        if (forward.returnSequences() != backward.returnSequences() || forward.returnState() != backward.returnState()
                || forward.stateful() != backward.stateful())
            throw new IllegalArgumentException("Bidirectional: forward layer and backward layer are expected to have the same "
                    + "return_sequences, return_state and stateful, got " + forward.returnSequences() + "/" + forward.returnState()
                    + "/" + forward.stateful() + " and " + backward.returnSequences() + "/" + backward.returnState() + "/"
                    + backward.stateful());
        forward.zeroOutputForMask(forward.returnSequences());
        backward.zeroOutputForMask(backward.returnSequences());
        track(forward);
        track(backward);
        inputRank(3);
    }

    /** The layer through its config, renamed (Keras's serialize/deserialize copy). */
    private static BaseRNN<?, ?> copy(BaseRNN<?, ?> layer, String prefix, boolean goBackwards) {
        Map<String, Object> object = Layers.serialize(layer);
        object.remove("build_config");
        @SuppressWarnings("unchecked") Map<String, Object> config = new java.util.LinkedHashMap<>((Map<String, Object>) object.get("config"));
        String name = layer.name();
        config.put("name", prefix + (name.startsWith(prefix) ? name.substring(prefix.length()) : name));
        if (goBackwards) config.put("go_backwards", true);
        object.put("config", config);
        return (BaseRNN<?, ?>) Layers.deserialize(object);
    }

    /** Keras's {@code reset_states()} of a stateful Bidirectional: both directions' states go back to zeros. */
    public void resetStates() {
        forward.resetState();
        backward.resetState();
    }

    public BaseRNN<?, ?> forwardLayer() {
        return forward;
    }

    public BaseRNN<?, ?> backwardLayer() {
        return backward;
    }

    /** Keras's {@code merge_mode}: "concat", "sum", "mul", "ave", or null (Keras's None: both outputs, through {@link #applyAll}). */
    public Bidirectional mergeMode(String mergeMode) {
        if (mergeMode != null) Check.oneOf("merge_mode", mergeMode, "concat", "sum", "mul", "ave");
        this.mergeMode = mergeMode;
        return this;
    }

    public Bidirectional mergeMode(MergeMode mergeMode) {
        return mergeMode(Check.notNull("merge_mode", mergeMode).keras());
    }

    public String mergeMode() {
        return mergeMode;
    }

    /** The forward and backward layers, saved under these attribute names as Keras does. */
    @Override
    public Map<String, Layer> namedSublayers() {
        return Map.of("forward_layer", forward, "backward_layer", backward);
    }

    @Override
    protected void build(int[] inputShape) {
        if (!forward.built()) forward.buildFor(inputShape);
        if (!backward.built()) backward.buildFor(inputShape);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return call(inputs, null, training);
    }

    @Override
    public Tensor call(Tensor inputs, Tensor mask, boolean training) {
        if (mergeMode == null || forward.returnState()) throw new IllegalStateException("Bidirectional '" + name() + "' has "
                + (mergeMode == null ? "merge_mode=None" : "return_state=True") + " and so several outputs; use applyAll(inputs, "
                + "initialState, training), which returns them all");
        return run(inputs, null, mask, training).get(0);
    }

    /**
     * Every output, as Keras's call returns them: {@code [merged]}, {@code [forward, backward]} with
     * {@code merge_mode=None}, followed with {@code return_state} by the forward then the backward
     * final states. {@code initialState}: null, or the forward states then the backward ones.
     */
    public List<Tensor> applyAll(Tensor inputs, List<Tensor> initialState, boolean training) {
        Check.notNull("inputs", inputs);
        Check.argument(inputs.rank() == 3, "Bidirectional '" + name() + "' expects inputs of shape (batch, timesteps, features), "
                + "got " + inputs.shape());
        if (!built()) buildFor(inputs.shape().dims());
        Tensor mask = Masks.get(inputs);
        return inCall(training, t -> run(inputs, initialState, mask, t));
    }

    private List<Tensor> run(Tensor inputs, List<Tensor> initialState, Tensor mask, boolean training) {
        List<Tensor> fState = null, bState = null;
        if (initialState != null) {
            int half = initialState.size() / 2;
            fState = initialState.subList(0, half);
            bState = initialState.subList(half, initialState.size());
        }
        List<Tensor> fInit = fState, bInit = bState;
        List<Tensor> f = forward.inCall(training, t -> forward.run(inputs, fInit, mask, t));
        List<Tensor> b = backward.inCall(training, t -> backward.run(inputs, bInit, mask, t));
        Tensor y = f.get(0), yRev = b.get(0);
        if (forward.returnSequences()) yRev = reverseTime(yRev);
        List<Tensor> out = new ArrayList<>();
        if (mergeMode == null) {
            out.add(y);
            out.add(yRev);
        } else {
            out.add(switch (mergeMode) {
                case "concat" -> Ops.concat(List.of(y, yRev), -1);
                case "sum" -> Ops.add(y, yRev);
                case "ave" -> Ops.div(Ops.add(y, yRev), 2);
                default -> Ops.mul(y, yRev);
            });
        }
        if (forward.returnState()) {
            out.addAll(f.subList(1, f.size()));
            out.addAll(b.subList(1, b.size()));
        }
        return out;
    }

    /** {@code ops.flip(x, axis=1)}: the backward outputs back in time order. */
    private static Tensor reverseTime(Tensor x) {
        int steps = x.dim(1);
        float[] idx = new float[steps];
        for (int i = 0; i < steps; i++) idx[i] = steps - 1 - i;
        return Ops.take(x, Tensor.of(idx, steps), 1);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = forward.computeOutputShape(inputShape);
        if ("concat".equals(mergeMode)) out[out.length - 1] *= 2;
        return out;
    }

    /** The merged output (or the two outputs with merge_mode None), then with return_state each direction's states. */
    @Override
    public int outputCount() {
        return (mergeMode == null ? 2 : 1) + (forward.returnState() ? 2 * forward.cell.stateCount() : 0);
    }

    @Override
    public List<Tensor> callAll(Tensor inputs, Tensor mask, boolean training) {
        return run(inputs, null, mask, training);
    }

    @Override
    public List<int[]> computeAllOutputShapes(List<int[]> inputShapes, boolean asList) {
        int[] in = inputShapes.get(0);
        List<int[]> out = new ArrayList<>();
        if (mergeMode == null) {
            out.add(forward.computeOutputShape(in));
            out.add(forward.computeOutputShape(in));
        } else {
            out.add(computeOutputShape(in));
        }
        if (forward.returnState())
            for (int i = 0; i < 2 * forward.cell.stateCount(); i++) out.add(new int[] {in[0], forward.cell.units});
        return out;
    }

    /** Keras's Bidirectional {@code compute_mask}: the input mask with return_sequences and a merge mode, else none. */
    @Override
    public Tensor computeMask(Tensor inputs, Tensor previousMask) {
        return forward.returnSequences() && mergeMode != null ? previousMask : null;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "merge_mode", mergeMode, "layer", Layers.serialize(forward), "backward_layer",
                Layers.serialize(backward));
    }

    @SuppressWarnings("unchecked")
    public static Bidirectional fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Bidirectional", config);
        Object layer = r.get("layer"), backwardLayer = r.get("backward_layer");
        Check.argument(layer instanceof Map, "Bidirectional config: 'layer' must be a serialized recurrent layer, got " + layer);
        Layer fwd = Layers.deserialize((Map<String, Object>) layer);
        Layer bwd = backwardLayer instanceof Map<?, ?> m ? Layers.deserialize((Map<String, Object>) m) : null;
        Check.argument(fwd instanceof BaseRNN && (bwd == null || bwd instanceof BaseRNN), "Bidirectional config: the layers must be "
                + "SimpleRNN, GRU or LSTM, got " + fwd.getClass().getSimpleName()
                + (bwd == null ? "" : " and " + bwd.getClass().getSimpleName()));
        Bidirectional out = new Bidirectional((BaseRNN<?, ?>) fwd, (BaseRNN<?, ?>) bwd);
        // an absent merge_mode is Keras's default "concat"; a null one is Keras's None
        Object mode = r.get("merge_mode");
        out.mergeMode(config.containsKey("merge_mode") ? (mode == null ? null : String.valueOf(mode)) : "concat");
        readBase(out, r);
        r.done();
        return out;
    }
}
