package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared part of ZeroPadding and Cropping: an amount {@code (before, after)} per spatial axis,
 * added as zeros or removed. Keras writes the amounts as {@code (before, after)} for 1-d layers and
 * {@code ((top, bottom), (left, right))} for 2-d ones, under {@code "padding"} or {@code "cropping"}.
 *
 * @param <T> the concrete layer
 */
abstract class SpatialMargins<T extends SpatialMargins<T>> extends SpatialLayer<T> {
    private final boolean crop;
    final int[][] margins;

    SpatialMargins(int rank, boolean crop, int[][] margins) {
        super(rank);
        this.crop = crop;
        this.margins = margins;
    }

    /** The config key: "padding" or "cropping". */
    private String key() {
        return crop ? "cropping" : "padding";
    }

    /**
     * Keras's forms of the amounts: one value for every side, one per axis ({@code (symmetric_height,
     * symmetric_width)} in 2-d, {@code (before, after)} in 1-d), or {@code rank} pairs.
     */
    static int[][] margins(String key, int rank, int[] values) {
        if (values == null || values.length == 0 || values.length > 2) throw new IllegalArgumentException("`" + key
                + "` should be an int or a tuple of " + (rank == 1 ? "2 ints (before, after)" : "2 ints (one per axis)")
                + ", got " + (values == null ? "null" : java.util.Arrays.toString(values)));
        for (int v : values) if (v < 0) throw new IllegalArgumentException("`" + key + "` values must be >= 0, got "
                + java.util.Arrays.toString(values));
        int[][] out = new int[rank][2];
        if (rank == 1) {
            out[0] = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
        } else {
            for (int i = 0; i < rank; i++) out[i][0] = out[i][1] = values[values.length == 1 ? 0 : i];
        }
        return out;
    }

    static int[][] pairs(String key, int rank, int[][] values) {
        if (values == null || values.length != rank) throw new IllegalArgumentException("`" + key + "` should have "
                + rank + " pairs (before, after), got " + (values == null ? "null" : java.util.Arrays.deepToString(values)));
        int[][] out = new int[rank][];
        for (int i = 0; i < rank; i++) {
            if (values[i] == null || values[i].length != 2 || values[i][0] < 0 || values[i][1] < 0) throw new IllegalArgumentException(
                    "`" + key + "` should have " + rank + " pairs of ints >= 0, got " + java.util.Arrays.deepToString(values));
            out[i] = values[i].clone();
        }
        return out;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int first = firstSpatialAxis();
        if (!crop) {
            int[][] pad = new int[inputs.rank()][2];
            for (int i = 0; i < rank; i++) pad[first + i] = margins[i].clone();
            return Ops.pad(inputs, pad);
        }
        computeOutputShape(inputs.shape().dims()); // checks that something is left
        Tensor out = inputs;
        for (int i = 0; i < rank; i++) {
            int axis = first + i;
            out = Ops.slice(out, axis, margins[i][0], out.dim(axis) - margins[i][1]);
        }
        return out;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return mapSpatial(inputShape, (i, in) -> {
            int total = margins[i][0] + margins[i][1];
            if (crop && total >= in) throw new IllegalArgumentException("layer '" + name() + "': cropping " + cropList()
                    + " is too high for the input shape " + formatShape(inputShape) + ": nothing would be left along axis "
                    + (firstSpatialAxis() + i));
            return crop ? in - total : in + total;
        });
    }

    private Object cropList() {
        return rank == 1 ? LayerArgs.list(margins[0]) : marginsJson();
    }

    private List<Object> marginsJson() {
        List<Object> out = new ArrayList<>();
        for (int[] m : margins) out.add(LayerArgs.list(m));
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        if (rank == 1) return Config.with(super.getConfig(), key(), LayerArgs.list(margins[0]));
        return Config.with(super.getConfig(), key(), marginsJson(), "data_format", dataFormat);
    }

    /** The amounts in a config: an int, a list of ints, or a list of pairs. */
    static int[][] read(Config.Reader r, String key, int rank, int fallback) {
        Object v = r.get(key);
        if (v == null) return margins(key, rank, new int[] {fallback});
        if (v instanceof Number n) return margins(key, rank, new int[] {n.intValue()});
        if (!(v instanceof List<?> list)) throw new IllegalArgumentException("`" + key + "` must be an int or a list, got " + v);
        if (!list.isEmpty() && list.get(0) instanceof List<?>) {
            int[][] pairs = new int[list.size()][];
            for (int i = 0; i < pairs.length; i++) {
                List<?> p = (List<?>) list.get(i);
                pairs[i] = p.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
            }
            return pairs(key, rank, pairs);
        }
        return margins(key, rank, list.stream().mapToInt(o -> ((Number) o).intValue()).toArray());
    }

    static <L extends SpatialMargins<L>> L readConfig(L layer, Config.Reader r) {
        if (layer.rank > 1) layer.dataFormat(r.getString("data_format", null));
        readBase(layer, r);
        r.done();
        return layer;
    }

    @Override
    protected boolean builtAtInit() {
        return true;
    }
}
