package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The entry of a model, as Keras's {@code InputLayer}: it declares the shape of one sample (without
 * the batch axis) and passes its input through. {@link Input#of} is the usual way to make one.
 */
public final class InputLayer extends Layer {
    private final int[] shape;
    private Integer batchSize;
    private final KerasTensor output;

    public InputLayer(int... shape) {
        this(null, null, shape);
    }

    private InputLayer(String name, Integer batchSize, int... shape) {
        Check.notNull("shape", shape);
        for (int d : shape) Check.argument(d > 0 || d == NONE,
                "InputLayer: shape dimensions must be positive or None (-1), got " + Layer.formatShape(shape));
        this.shape = shape.clone();
        this.batchSize = batchSize;
        if (name != null) name(name);
        markBuilt(List.of(batchShape()));
        this.output = new KerasTensor(batchShape(), this, List.of(), false);
    }

    static InputLayer of(int[] shape, Integer batchSize, String name) {
        if (batchSize != null) Check.atLeast("batch_size", batchSize, 1);
        return new InputLayer(name, batchSize, shape);
    }

    /** The shape of one sample, without the batch axis. */
    public int[] shape() {
        return shape.clone();
    }

    /** The full input shape: batch axis ({@code None} unless a batch size was given) then the sample shape. */
    public int[] batchShape() {
        int[] out = new int[shape.length + 1];
        out[0] = batchSize == null ? NONE : batchSize;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** The symbolic tensor this layer outputs. */
    public KerasTensor output() {
        return output;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int[] got = inputs.shape().dims();
        int[] want = batchShape();
        boolean ok = got.length == want.length;
        for (int i = 0; ok && i < got.length; i++) ok = want[i] == NONE || want[i] == got[i];
        if (!ok) throw new IllegalArgumentException("Input layer '" + name() + "' expects inputs of shape "
                + Layer.formatShape(want) + ", got " + inputs.shape());
        return inputs;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        List<Object> dims = new ArrayList<>();
        for (int d : batchShape()) dims.add(d == NONE ? null : d);
        return Config.of("batch_shape", dims, "dtype", "float32", "sparse", false, "name", name());
    }

    public static InputLayer fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("InputLayer", config);
        Object raw = r.get("batch_shape");
        if (!(raw instanceof List<?> dims) || dims.isEmpty()) throw new IllegalArgumentException(
                "InputLayer config: batch_shape must be a non-empty list, got " + raw);
        int[] shape = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) shape[i - 1] = dims.get(i) == null ? NONE : ((Number) dims.get(i)).intValue();
        Integer batch = dims.get(0) == null ? null : ((Number) dims.get(0)).intValue();
        String name = r.getString("name", null);
        r.ignore("dtype", "sparse", "trainable", "ragged").done();
        return of(shape, batch, name);
    }

    @Override
    public String toString() {
        return "InputLayer(name=" + name() + ", shape=" + Arrays.toString(shape) + ")";
    }
}
