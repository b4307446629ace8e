package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's Dot: the dot product of two batched inputs along one axis of each ({@code batch_dot}); the
 * result keeps the batch axis, then the first input's other axes, then the second's. Two vectors
 * {@code (batch, d)} give {@code (batch, 1)}. With {@code normalize} each input is first scaled to
 * unit L2 norm along its axis, so the result is the cosine similarity.
 */
public final class Dot extends Merge {
    private final int[] axes;
    private final boolean pair;
    private boolean normalize;

    /** The same axis of both inputs (negative counts from the end of each). */
    public Dot(int axes) {
        this.axes = new int[] {axes, axes};
        this.pair = false;
    }

    /** Axis {@code axis1} of the first input against {@code axis2} of the second. */
    public Dot(int axis1, int axis2) {
        this.axes = new int[] {axis1, axis2};
        this.pair = true;
    }

    public Dot normalize(boolean normalize) {
        this.normalize = normalize;
        return this;
    }

    @Override
    public Dot name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public Dot trainable(boolean trainable) {
        super.trainable(trainable);
        return this;
    }

    /** The two axes for inputs of these ranks, as Keras resolves them (negative ones modulo the rank). */
    private int[] resolve(int rank1, int rank2) {
        int a = axes[0] < 0 ? Math.floorMod(axes[0], rank1) : axes[0];
        int b = axes[1] < 0 ? Math.floorMod(axes[1], rank2) : axes[1];
        return new int[] {a, b};
    }

    @Override
    public int[] computeOutputShapes(List<int[]> inputShapes) {
        if (inputShapes.size() != 2) throw new IllegalArgumentException("A `Dot` layer ('" + name()
                + "') should be called on a list of 2 inputs, got " + inputShapes.size() + ": " + shapes(inputShapes));
        int[] s1 = inputShapes.get(0), s2 = inputShapes.get(1);
        if (s1.length < 2 || s2.length < 2) throw new IllegalArgumentException("A `Dot` layer ('" + name()
                + "') needs inputs of rank >= 2 (batch first), got " + shapes(inputShapes));
        int[] ax = resolve(s1.length, s2.length);
        if (ax[0] == 0 || ax[1] == 0 || ax[0] >= s1.length || ax[1] >= s2.length) throw new IllegalArgumentException(
                "A `Dot` layer ('" + name() + "') cannot take the dot product over the batch axis or beyond the rank: axes "
                + LayerArgs.list(ax) + " for input shapes " + shapes(inputShapes));
        int d1 = s1[ax[0]], d2 = s2[ax[1]];
        if (d1 != NONE && d2 != NONE && d1 != d2) throw new IllegalArgumentException("Incompatible input shapes for layer '"
                + name() + "': axis values " + d1 + " (at axis " + ax[0] + ") != " + d2 + " (at axis " + ax[1]
                + "). Full input shapes: " + shapes(inputShapes));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s1.length; i++) if (i != ax[0]) out.add(s1[i]);
        for (int i = 1; i < s2.length; i++) if (i != ax[1]) out.add(s2[i]);
        if (out.size() == 1) out.add(1);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor x = inputs.get(0), y = inputs.get(1);
        int[] ax = resolve(x.rank(), y.rank());
        if (normalize) {
            x = unitNorm(x, ax[0]);
            y = unitNorm(y, ax[1]);
        }
        int[] outShape = computeOutputShapes(List.of(x.shape().dims(), y.shape().dims()));
        // x to (batch, rest, k), y to (batch, k, rest): one batched matmul
        int batch = x.dim(0), k = x.dim(ax[0]);
        Tensor xt = Ops.reshape(Ops.transpose(x, moved(x.rank(), ax[0], x.rank() - 1)), batch, -1, k);
        Tensor yt = Ops.reshape(Ops.transpose(y, moved(y.rank(), ax[1], 1)), batch, k, -1);
        return Ops.reshape(Ops.matmul(xt, yt), outShape);
    }

    /** A permutation moving axis {@code from} to position {@code to}, the others in order. */
    private static int[] moved(int rank, int from, int to) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rank; i++) if (i != from) order.add(i);
        order.add(to, from);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Keras's {@code normalize} with its default epsilon 1e-7: {@code x * min(1 / ||x||, 1e7)}. */
    private static Tensor unitNorm(Tensor x, int axis) {
        return Ops.mul(x, Ops.minimum(Ops.rsqrt(Ops.sum(Ops.square(x), new int[] {axis}, true)), 1e7));
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axes", pair ? LayerArgs.list(axes) : (Object) axes[0], "normalize", normalize);
    }

    public static Dot fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Dot", config);
        Object a = r.get("axes");
        Dot layer;
        if (a instanceof Number n) {
            layer = new Dot(n.intValue());
        } else if (a instanceof List<?> list && list.size() == 2) {
            int[] both = LayerArgs.ints(r, "axes", null);
            layer = new Dot(both[0], both[1]);
        } else {
            throw new IllegalArgumentException("Dot config: axes must be an int or a list of 2 ints, got " + a);
        }
        layer.normalize(r.getBoolean("normalize", false));
        readBase(layer, r);
        r.done();
        return layer;
    }
}
