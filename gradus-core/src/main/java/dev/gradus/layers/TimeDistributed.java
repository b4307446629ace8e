package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's TimeDistributed wrapper: applies a layer to every time step of {@code (batch, timesteps,
 * ...)} inputs, one step after another with the same weights, and stacks the results on axis 1. As
 * Keras, the inner layer is built for {@code (batch, ...)} and its {@code call} runs once per step
 * (so a BatchNormalization inside normalises each step's batch; the step's mask slice, if any,
 * reaches the inner {@code call}). The inner layer is saved under the attribute name {@code layer}.
 */
public final class TimeDistributed extends FluentLayer<TimeDistributed> {
    private final Layer layer;

    public TimeDistributed(Layer layer) {
        this.layer = track(Check.notNull("layer", layer));
        minInputRank(3);
    }

    public Layer layer() {
        return layer;
    }

    @Override
    public Map<String, Layer> namedSublayers() {
        return Map.of("layer", layer);
    }

    private static int[] stepShape(int[] inputShape) {
        int[] s = new int[inputShape.length - 1];
        s[0] = inputShape[0];
        System.arraycopy(inputShape, 2, s, 1, s.length - 1);
        return s;
    }

    @Override
    protected void build(int[] inputShape) {
        if (!layer.built()) layer.buildFor(stepShape(inputShape));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return call(inputs, null, training);
    }

    @Override
    public Tensor call(Tensor inputs, Tensor mask, boolean training) {
        int batch = inputs.dim(0), steps = inputs.dim(1);
        if (mask != null) Check.argument(mask.rank() >= 2 && mask.dim(0) == batch && mask.dim(1) == steps, "TimeDistributed '"
                + name() + "': the mask must start with (batch, timesteps) = (" + batch + ", " + steps + "), got " + mask.shape());
        int[] step = stepShape(inputs.shape().dims());
        List<Tensor> outs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            Tensor x = Ops.reshape(Ops.slice(inputs, 1, t, t + 1), step);
            Tensor m = mask == null ? null : Ops.squeeze(Ops.slice(mask, 1, t, t + 1), 1);
            outs.add(m == null ? layer.call(x, training) : layer.call(x, m, training));
        }
        return Ops.stack(outs, 1);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] inner = layer.computeOutputShape(stepShape(inputShape));
        int[] out = new int[inner.length + 1];
        out[0] = inputShape[0];
        out[1] = inputShape[1];
        System.arraycopy(inner, 1, out, 2, inner.length - 1);
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "layer", Layers.serialize(layer));
    }

    @SuppressWarnings("unchecked")
    public static TimeDistributed fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("TimeDistributed", config);
        Object inner = r.get("layer");
        Check.argument(inner instanceof Map, "TimeDistributed config: 'layer' must be a serialized layer, got " + inner);
        TimeDistributed out = new TimeDistributed(Layers.deserialize((Map<String, Object>) inner));
        readBase(out, r);
        r.done();
        return out;
    }
}
