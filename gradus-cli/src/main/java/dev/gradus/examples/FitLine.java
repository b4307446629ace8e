package dev.gradus.examples;

import dev.gradus.Gradus;
import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * The main job until the training loop exists: fits y = 3x + 2 (plus noise) with a GradientTape and
 * plain gradient steps, printing the loss as it falls.
 */
public final class FitLine {
    private FitLine() {}

    /** Runs the fit and returns the learned {slope, intercept, final loss}. */
    public static float[] fit(int steps, double learningRate, boolean print) {
        Tensor x = Tensor.randomUniform(Shape.of(256, 1), -1, 1, 1);
        Tensor noise = Tensor.randomNormal(Shape.of(256, 1), 0, 0.05, 2);
        Tensor y = x.mul(3).add(2).add(noise);
        Variable w = new Variable(Tensor.zeros(1, 1), "slope");
        Variable b = new Variable(Tensor.zeros(1), "intercept");
        float loss = Float.NaN;
        for (int step = 0; step <= steps; step++) {
            try (GradientTape tape = new GradientTape()) {
                Tensor mse = Ops.mean(Ops.square(x.matmul(w.value()).add(b.value()).sub(y)));
                loss = mse.item();
                if (step == steps) break;
                List<Tensor> grads = tape.gradient(mse, List.of(w, b));
                w.assignSub(grads.get(0).mul(learningRate));
                b.assignSub(grads.get(1).mul(learningRate));
            }
            if (print && step % 20 == 0) System.out.printf("step %3d  loss %.6f%n", step, loss);
        }
        if (print) System.out.printf("learned y = %.4f x + %.4f (true: 3x + 2), loss %.6f%n",
                w.value().item(), b.value().item(), loss);
        return new float[] {w.value().item(), b.value().item(), loss};
    }

    public static void main(String[] args) {
        System.out.println("Gradus " + Gradus.version() + " on " + Gradus.threads() + " thread(s), matmul kernel: "
                + Gradus.matmulImplementation());
        fit(200, 0.1, true);
    }
}
