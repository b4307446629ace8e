package dev.gradus.ops;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.LayerNorm;
import dev.gradus.tensor.kernels.StepBuffers;
import java.util.ArrayList;
import java.util.List;

/**
 * keras.ops.layer_normalization over the last axis: one fused op (kernel {@link LayerNorm}) with one
 * hand-written gradient, instead of the chain mean, subtract, square, mean, rsqrt, multiply and add, each
 * with a temporary the size of the input and a taped rule of its own.
 */
final class LayerNormOps {
    private LayerNormOps() {}

    static Tensor layerNormalization(Tensor x, Tensor gamma, Tensor beta, double epsilon) {
        MathOps.check("layerNormalization", "x", x);
        if (x.rank() == 0) throw new IllegalArgumentException("layerNormalization: x must have at least one axis, got a scalar");
        int n = x.dim(x.rank() - 1);
        checkParameter("gamma", gamma, n, x);
        checkParameter("beta", beta, n, x);
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) throw new IllegalArgumentException(
                "layerNormalization: epsilon must be a finite number >= 0, got " + epsilon);
        int rows = n == 0 ? 0 : x.size() / n;
        float eps = (float) epsilon;
        boolean record = Record.on();
        float[] mean = record ? StepBuffers.take(rows) : null, rstd = record ? StepBuffers.take(rows) : null;
        float[] y = StepBuffers.take(x.size());
        float[] g = gamma == null ? null : gamma.unsafeBuffer(), b = beta == null ? null : beta.unsafeBuffer();
        LayerNorm.forward(x.unsafeBuffer(), rows, n, g, b, eps, y, mean, rstd);
        Tensor out = Tensor.wrap(y, x.shape());
        if (!record) return out;
        List<Tensor> inputs = new ArrayList<>(List.of(x));
        if (gamma != null) inputs.add(gamma);
        if (beta != null) inputs.add(beta);
        Record.nary(out, (dOut, need) -> {
            // an outer tape is recording this backward (higher derivatives): differentiate the composed ops instead
            if (Record.on()) return composedGradient(x, gamma, beta, eps, dOut, inputs);
            int at = 1;
            boolean needGamma = gamma != null && need[at++], needBeta = beta != null && need[at];
            float[] dx = need[0] ? StepBuffers.take(x.size()) : null;
            float[] dGamma = needGamma ? new float[n] : null, dBeta = needBeta ? new float[n] : null;
            LayerNorm.backward(x.unsafeBuffer(), dOut.unsafeBuffer(), rows, n, g, mean, rstd, dx, dGamma, dBeta);
            Tensor[] grads = new Tensor[inputs.size()];
            grads[0] = dx == null ? null : Tensor.wrap(dx, x.shape());
            int k = 1;
            if (gamma != null) grads[k++] = dGamma == null ? null : Tensor.wrap(dGamma, gamma.shape());
            if (beta != null) grads[k] = dBeta == null ? null : Tensor.wrap(dBeta, beta.shape());
            return grads;
        }, inputs.toArray(new Tensor[0]));
        return out;
    }

    /**
     * The same normalisation as ops, in Keras's order: the reference the fused kernel is tested against, and
     * the function differentiated for higher derivatives.
     */
    static Tensor composed(Tensor x, Tensor gamma, Tensor beta, float epsilon) {
        int[] last = {x.rank() - 1};
        Tensor mean = ReduceOps.mean(x, true, last);
        Tensor variance = ReduceOps.mean(MathOps.square(MathOps.sub(x, mean)), true, last);
        Tensor inv = MathOps.rsqrt(MathOps.add(variance, Tensor.scalar(epsilon)));
        if (gamma != null) inv = MathOps.mul(inv, gamma);
        Tensor shift = MathOps.neg(MathOps.mul(mean, inv));
        if (beta != null) shift = MathOps.add(shift, beta);
        return MathOps.add(MathOps.mul(x, inv), shift);
    }

    /** The vector-Jacobian product of {@link #composed}, through a tape of its own so outer tapes record it. */
    private static Tensor[] composedGradient(Tensor x, Tensor gamma, Tensor beta, float epsilon, Tensor dOut, List<Tensor> inputs) {
        try (GradientTape tape = new GradientTape()) {
            for (Tensor t : inputs) tape.watch(t);
            Tensor y = composed(x, gamma, beta, epsilon);
            return tape.gradient(ReduceOps.sum(MathOps.mul(y, dOut), false), inputs).toArray(new Tensor[0]);
        }
    }

    private static void checkParameter(String name, Tensor p, int n, Tensor x) {
        if (p == null) return;
        if (p.rank() != 1 || p.dim(0) != n) throw new IllegalArgumentException("layerNormalization: " + name
                + " must have shape " + Shape.format(new int[] {n}) + " to match the last axis of x " + x.shape() + ", got " + p.shape());
    }
}
