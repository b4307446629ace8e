package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Keras's Attention and AdditiveAttention share: called on {@code [query, value]} or
 * {@code [query, value, key]} ({@code (batch, Tq, dim)}, {@code (batch, Tv, dim)}), scores
 * {@code (batch, Tq, Tv)} from the subclass, the value mask (and {@code use_causal_mask}) applied by
 * subtracting 1e9 from masked scores, a softmax over Tv, dropout in training, the weighted sum of
 * the values, and the query mask zeroing masked query steps; the output keeps the query's mask.
 * {@code return_attention_scores} and {@code use_causal_mask} are call arguments
 * ({@link #applyAll(List, Map, boolean)}, {@link #applySymbolicAll(List, Map)}).
 *
 * @param <T> the concrete layer
 */
public abstract class BaseAttention<T extends BaseAttention<T>> extends FluentLayer<T> {
    boolean useScale;
    double dropout;
    Long seed;
    private SeedGenerator seeds = new SeedGenerator(null);

    BaseAttention(boolean useScale) {
        this.useScale = useScale;
    }

    /** Keras's {@code use_scale}: a learned scale on the scores. */
    public T useScale(boolean useScale) {
        if (built()) throw new IllegalStateException(getClass().getSimpleName() + " '" + name() + "': use_scale cannot change "
                + "after the layer is built");
        this.useScale = useScale;
        return self();
    }

    /** Dropout on the attention weights in training. */
    public T dropout(double dropout) {
        this.dropout = Check.inRange("dropout", dropout, 0, 1);
        return self();
    }

    public T seed(long seed) {
        this.seed = seed;
        this.seeds = new SeedGenerator(seed);
        return self();
    }

    /** Scores {@code (batch, Tq, Tv)} of query {@code (batch, Tq, dim)} against key {@code (batch, Tv, dim)}. */
    abstract Tensor scores(Tensor query, Tensor key);

    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }

    @Override
    public Set<String> callArguments() {
        return Set.of("return_attention_scores", "use_causal_mask");
    }

    @Override
    public int outputCount(Map<String, ?> arguments) {
        return Boolean.TRUE.equals(arguments.get("return_attention_scores")) ? 2 : 1;
    }

    static void checkInputs(String who, int n) {
        Check.argument(n == 2 || n == 3, who + " layer accepts inputs list of length 2 or 3, namely [query, value] or "
                + "[query, value, key], got " + n);
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        checkInputs(getClass().getSimpleName(), inputShapes.size());
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " layer must be called on a list of inputs, namely "
                + "[query, value] or [query, value, key], got one tensor of shape " + inputs.shape());
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        return call(inputs, java.util.Collections.nCopies(inputs.size(), null), training);
    }

    @Override
    public Tensor call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return attend(inputs, masks, false, training).get(0);
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, Map<String, ?> arguments, boolean training) {
        List<Tensor> out = attend(inputs, masks, Boolean.TRUE.equals(arguments.get("use_causal_mask")), training);
        return outputCount(arguments) == 2 ? out : List.of(out.get(0));
    }

    private List<Tensor> attend(List<Tensor> inputs, List<Tensor> masks, boolean causal, boolean training) {
        checkInputs(getClass().getSimpleName(), inputs.size());
        Tensor q = inputs.get(0), v = inputs.get(1), k = inputs.size() > 2 ? inputs.get(2) : v;
        Tensor s = scores(q, k);
        Tensor valid = masks.get(1) == null ? null : Ops.expandDims(Ops.notEqual(masks.get(1), 0), -2);
        if (causal) {
            Tensor lower = causalMask(s.dim(s.rank() - 2), s.dim(s.rank() - 1));
            valid = valid == null ? lower : Ops.logicalAnd(valid, lower);
        }
        if (valid != null) s = Ops.where(valid, s, Ops.sub(s, 1e9));
        Tensor weights = Ops.softmax(s, -1);
        Tensor used = training && dropout > 0 && dropout < 1
                ? Ops.mul(weights, Dropout.mask(weights.shape().dims(), dropout, seeds, true)) : weights;
        Tensor out = Ops.matmul(used, v);
        if (masks.get(0) != null) out = Ops.where(Ops.expandDims(Ops.notEqual(masks.get(0), 0), -1), out, 0);
        return List.of(out, weights);
    }

    /** Keras's causal mask {@code (1, T, S)}: query step i sees the steps j ≤ i. */
    static Tensor causalMask(int t, int s) {
        float[] tri = new float[t * s];
        for (int r = 0; r < t; r++) for (int c = 0; c < s; c++) tri[r * s + c] = r >= c ? 1 : 0;
        return Tensor.of(tri, 1, t, s);
    }

    @Override
    public int[] computeOutputShapes(List<int[]> inputShapes) {
        int[] q = inputShapes.get(0).clone();
        q[q.length - 1] = inputShapes.get(1)[inputShapes.get(1).length - 1];
        return q;
    }

    @Override
    public List<int[]> computeAllOutputShapes(List<int[]> inputShapes, Map<String, ?> arguments) {
        int[] q = inputShapes.get(0), key = inputShapes.get(inputShapes.size() > 2 ? 2 : 1);
        int[] scores = q.clone();
        scores[scores.length - 1] = key[key.length - 2];
        return outputCount(arguments) == 2 ? List.of(computeOutputShapes(inputShapes), scores) : List.of(computeOutputShapes(inputShapes));
    }

    /** Keras: the output keeps the query's mask. */
    @Override
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> previousMasks) {
        return previousMasks.get(0);
    }
}
