package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's CategoryEncoding: integer indices in {@code [0, num_tokens)} to one-hot, multi-hot (default)
 * or count rows of width {@code num_tokens}. Counts can be weighted per input
 * ({@link #call(Tensor, Tensor)}, Keras's {@code count_weights}). Indices outside the range add
 * nothing, as Keras's {@code one_hot}/{@code bincount} on the JAX and TensorFlow backends.
 */
public final class CategoryEncoding extends FluentLayer<CategoryEncoding> {
    private final int numTokens;
    private OutputMode outputMode = OutputMode.MULTI_HOT;

    /** {@code numTokens}: the width of the output (Keras requires it). */
    public CategoryEncoding(int numTokens) {
        this.numTokens = Check.atLeast("num_tokens", numTokens, 1);
    }

    /** "one_hot", "multi_hot" (or "binary") or "count". */
    public CategoryEncoding outputMode(String outputMode) {
        this.outputMode = OutputMode.parse("CategoryEncoding", outputMode, OutputMode.ONE_HOT, OutputMode.MULTI_HOT, OutputMode.COUNT);
        return this;
    }

    public CategoryEncoding outputMode(OutputMode outputMode) {
        return outputMode(Check.notNull("output_mode", outputMode).keras());
    }

    /** Keras's {@code sparse}: only false (Gradus tensors are dense). */
    public CategoryEncoding sparse(boolean sparse) {
        PreprocessingArgs.refuseSparse("CategoryEncoding", sparse);
        return this;
    }

    public int numTokens() {
        return numTokens;
    }

    public OutputMode outputMode() {
        return outputMode;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return CategoricalEncoding.encode(inputs.toFloatArray(), inputs.shape().dims(), outputMode, numTokens, null, null);
    }

    /** Count mode with {@code countWeights} (the inputs' shape): each index adds its weight instead of 1. */
    public Tensor call(Tensor inputs, Tensor countWeights) {
        Check.notNull("count_weights", countWeights);
        Check.argument(outputMode == OutputMode.COUNT, "CategoryEncoding: `count_weights` is not used when `output_mode` is not "
                + "'count'. Received output_mode=" + outputMode.keras());
        Check.argument(countWeights.shape().equals(inputs.shape()), "CategoryEncoding: `count_weights` must have the inputs' "
                + "shape " + inputs.shape() + ", got " + countWeights.shape());
        return CategoricalEncoding.encode(inputs.toFloatArray(), inputs.shape().dims(), outputMode, numTokens,
                countWeights.toFloatArray(), null);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return CategoricalEncoding.outputShape(inputShape, outputMode, numTokens);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "num_tokens", numTokens, "output_mode", outputMode.keras());
    }

    public static CategoryEncoding fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("CategoryEncoding", config);
        Integer n = r.getIntOrNull("num_tokens");
        Check.argument(n != null, "CategoryEncoding: num_tokens must be set to use this layer. If the number of tokens is not "
                + "known beforehand, use the IntegerLookup layer instead.");
        CategoryEncoding layer = new CategoryEncoding(n).outputMode(r.getString("output_mode", "multi_hot"));
        layer.sparse(r.getBoolean("sparse", false));
        readBase(layer, r);
        r.done();
        return layer;
    }
}
