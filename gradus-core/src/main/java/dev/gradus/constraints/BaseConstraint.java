package dev.gradus.constraints;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.ConfigObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The shared part of Keras's constraint classes: input checks, norms over axes, equality by class and config. */
public abstract class BaseConstraint extends ConfigObject implements Constraint {
    /** Keras's backend epsilon, added to the norms before dividing. */
    static final double EPSILON = 1e-7;

    @Override
    public final Tensor apply(Tensor weight) {
        return project(Check.notNull("weight", weight));
    }

    /** The projected weight. */
    protected abstract Tensor project(Tensor w);

    /** {@code sqrt(sum(w^2, axes, keepdims))}. */
    static Tensor norms(Tensor w, int[] axes, String what) {
        int[] normalized = new int[axes.length];
        for (int i = 0; i < axes.length; i++) normalized[i] = Shape.normalizeAxis(axes[i], w.rank(), what + " axis");
        return Ops.sqrt(Ops.sum(Ops.square(w), normalized, true));
    }

    /** Keras writes a single axis as an int and several as a list. */
    static Object axisConfig(int[] axes) {
        if (axes.length == 1) return axes[0];
        List<Integer> out = new ArrayList<>();
        for (int a : axes) out.add(a);
        return out;
    }

    static int[] readAxis(Config.Reader r) {
        List<Integer> axes = r.getInts("axis");
        return axes == null ? new int[] {0} : axes.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] checkAxes(int[] axes) {
        Check.notNull("axis", axes);
        Check.argument(axes.length > 0, "axis must name at least one axis, got " + Arrays.toString(axes));
        return axes.clone();
    }
}
