package dev.gradus.testing;

import static org.assertj.core.api.Assertions.fail;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Compares tape gradients with central finite differences taken in double precision. The function's
 * output is projected to a scalar with fixed random weights, so every output element matters and
 * a wrong rule cannot hide behind a plain sum.
 */
public final class GradCheck {
    private double eps = 1e-3;
    private double rtol = 2e-2;
    private double atol = 2e-3;
    private long seed = 12345;

    private GradCheck() {}

    public static GradCheck create() {
        return new GradCheck();
    }

    /** Step, relative to {@code max(1, |x|)}. */
    public GradCheck eps(double eps) {
        this.eps = eps;
        return this;
    }

    public GradCheck tolerance(double rtol, double atol) {
        this.rtol = rtol;
        this.atol = atol;
        return this;
    }

    /** Checks first derivatives of {@code f} with respect to every input. */
    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        create().verify(f, inputs);
    }

    /** Checks first derivatives of a one-input function. */
    public static void check1(Function<Tensor, Tensor> f, Tensor x) {
        create().verify(xs -> f.apply(xs[0]), x);
    }

    /** Checks second derivatives: the gradient of a projection of the first gradient, through nested tapes. */
    public static void checkSecondOrder(Function<Tensor[], Tensor> f, Tensor... inputs) {
        create().verifySecondOrder(f, inputs);
    }

    public void verifySecondOrder(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor probe = f.apply(inputs);
        Tensor w = Tensor.randomNormal(seed + 1, probe.shape().dims());
        List<Tensor> v = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) v.add(Tensor.randomNormal(seed + 100 + i, inputs[i].shape().dims()));
        verify(xs -> {
            try (GradientTape inner = new GradientTape()) {
                for (Tensor x : xs) inner.watch(x);
                Tensor loss = Ops.sum(Ops.mul(f.apply(xs), w));
                List<Tensor> g = inner.gradient(loss, Arrays.asList(xs));
                Tensor total = Tensor.scalar(0);
                for (int i = 0; i < xs.length; i++) if (g.get(i) != null) total = Ops.add(total, Ops.sum(Ops.mul(g.get(i), v.get(i))));
                return total;
            }
        }, inputs);
    }

    public void verify(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor probe = f.apply(inputs);
        Tensor w = Tensor.randomNormal(seed, probe.shape().dims());
        List<Tensor> analytic;
        try (GradientTape tape = new GradientTape()) {
            for (Tensor x : inputs) tape.watch(x);
            Tensor loss = Ops.sum(Ops.mul(f.apply(inputs), w));
            analytic = tape.gradient(loss, Arrays.asList(inputs));
        }
        for (int i = 0; i < inputs.length; i++) {
            float[] base = inputs[i].toFloatArray();
            double[] numeric = new double[base.length];
            for (int j = 0; j < base.length; j++) {
                double h = eps * Math.max(1, Math.abs(base[j]));
                float saved = base[j];
                base[j] = (float) (saved + h);
                double hPlus = base[j] - (double) saved;
                double up = project(f, inputs, i, base, w);
                base[j] = (float) (saved - h);
                double hMinus = (double) saved - base[j];
                double down = project(f, inputs, i, base, w);
                base[j] = saved;
                numeric[j] = (up - down) / (hPlus + hMinus);
            }
            Tensor a = analytic.get(i);
            if (a == null) {
                for (int j = 0; j < numeric.length; j++)
                    if (Math.abs(numeric[j]) > atol) fail("input " + i + ": tape gave no gradient, finite differences give " + numeric[j] + " at " + j);
                continue;
            }
            if (!a.shape().equals(inputs[i].shape()))
                fail("input " + i + ": gradient has shape " + a.shape() + ", input has shape " + inputs[i].shape());
            float[] ad = a.toFloatArray();
            for (int j = 0; j < ad.length; j++) {
                double diff = Math.abs(ad[j] - numeric[j]);
                if (!(diff <= atol + rtol * Math.max(Math.abs(ad[j]), Math.abs(numeric[j]))))
                    fail("input " + i + " (shape " + inputs[i].shape() + "), element " + j + ": tape " + ad[j]
                            + ", finite differences " + numeric[j] + "\n tape:    " + Arrays.toString(ad)
                            + "\n numeric: " + Arrays.toString(numeric));
            }
        }
    }

    private static double project(Function<Tensor[], Tensor> f, Tensor[] inputs, int which, float[] values, Tensor w) {
        Tensor[] xs = inputs.clone();
        xs[which] = Tensor.of(values, inputs[which].shape().dims());
        float[] y = f.apply(xs).toFloatArray();
        float[] wd = w.toFloatArray();
        double s = 0;
        for (int k = 0; k < y.length; k++) s += (double) y[k] * wd[k];
        return s;
    }

    /** Uniform values in [-2, 2] kept at least {@code margin} away from 0, for functions with a kink there. */
    public static Tensor awayFromZero(long seed, double margin, int... shape) {
        float[] d = Tensor.randomUniform(Shape.of(shape), -2, 2, seed).toFloatArray();
        for (int i = 0; i < d.length; i++) if (Math.abs(d[i]) < margin) d[i] = d[i] < 0 ? (float) -margin : (float) margin;
        return Tensor.of(d, shape);
    }
}
