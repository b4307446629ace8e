package dev.gradus.layers;

import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's Attention (Luong-style dot-product attention) on {@code [query, value(, key)]}: scores
 * {@code q·kᵀ} ({@code score_mode="dot"}, times a learned scalar {@code scale} with {@code use_scale})
 * or {@code concat_score_weight · Σ tanh(scale·(q + k))} ({@code "concat"}); masks, dropout, causal
 * masking and returned scores as {@link BaseAttention}.
 */
public final class Attention extends BaseAttention<Attention> {
    private String scoreMode = "dot";
    private Variable scale;
    private Variable concatScoreWeight;

    public Attention() {
        super(false);
    }

    /** Keras's {@code score_mode}: "dot" (the default) or "concat". */
    public Attention scoreMode(String scoreMode) {
        if (built()) throw new IllegalStateException("Attention '" + name() + "': score_mode cannot change after the layer is built");
        this.scoreMode = Check.oneOf("score_mode", scoreMode, "dot", "concat");
        return this;
    }

    public String scoreMode() {
        return scoreMode;
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        super.build(inputShapes);
        if (useScale) scale = addWeight("scale", new int[0], "ones");
        if (scoreMode.equals("concat")) concatScoreWeight = addWeight("concat_score_weight", new int[0], "ones");
    }

    @Override
    Tensor scores(Tensor query, Tensor key) {
        if (scoreMode.equals("dot")) {
            Tensor s = Ops.matmul(query, Ops.transpose(key, 0, 2, 1));
            return scale == null ? s : Ops.mul(s, scale.value());
        }
        Tensor sum = Ops.add(Ops.expandDims(query, -2), Ops.expandDims(key, -3));
        if (scale != null) sum = Ops.mul(scale.value(), sum);
        return Ops.mul(concatScoreWeight.value(), Ops.sum(Ops.tanh(sum), new int[] {-1}, false));
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "use_scale", useScale, "score_mode", scoreMode, "dropout", dropout, "seed", seed);
    }

    public static Attention fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Attention", config);
        Attention layer = new Attention().useScale(r.getBoolean("use_scale", false)).scoreMode(r.getString("score_mode", "dot"))
                .dropout(r.getDouble("dropout", 0));
        if (r.has("seed")) layer.seed(r.getLong("seed", 0));
        else r.get("seed");
        // tf.keras 2's causal constructor argument became a call argument (use_causal_mask) in Keras 3
        Check.argument(!r.getBoolean("causal", false), "Attention: causal=True in the config is tf.keras 2's; Keras 3 takes "
                + "use_causal_mask as a call argument (applyAll(inputs, Map.of(\"use_causal_mask\", true), training))");
        readBase(layer, r);
        r.done();
        return layer;
    }
}
