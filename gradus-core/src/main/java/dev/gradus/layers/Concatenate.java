package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/** Joins its inputs along {@code axis} (the last by default); all other dimensions must match. */
public final class Concatenate extends Merge {
    private int axis = -1;

    public Concatenate axis(int axis) {
        this.axis = axis;
        return this;
    }

    @Override
    public Concatenate name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public Concatenate trainable(boolean trainable) {
        super.trainable(trainable);
        return this;
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return Ops.concat(inputs, Shape.normalizeAxis(axis, inputs.get(0).rank(), "Concatenate axis"));
    }

    @Override
    public int[] computeOutputShapes(List<int[]> inputShapes) {
        int rank = inputShapes.get(0).length;
        for (int[] s : inputShapes) if (s.length != rank) throw incompatible(inputShapes);
        int a = Shape.normalizeAxis(axis, rank, "Concatenate axis");
        int[] out = inputShapes.get(0).clone();
        out[a] = 0;
        for (int[] s : inputShapes) {
            for (int i = 0; i < rank; i++) {
                if (i == a) {
                    out[a] = out[a] == NONE || s[a] == NONE ? NONE : out[a] + s[a];
                } else if (out[i] == NONE) {
                    out[i] = s[i];
                } else if (s[i] != NONE && s[i] != out[i]) {
                    throw incompatible(inputShapes);
                }
            }
        }
        return out;
    }

    private IllegalArgumentException incompatible(List<int[]> shapes) {
        return new IllegalArgumentException("A Concatenate layer ('" + name() + "') requires inputs with matching shapes "
                + "except for the concatenation axis " + axis + ", got inputs shapes: " + shapes(shapes));
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axis", axis);
    }

    public static Concatenate fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Concatenate", config);
        Concatenate layer = new Concatenate().axis(r.getInt("axis", -1));
        readBase(layer, r);
        r.done();
        return layer;
    }
}
