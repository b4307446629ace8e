package dev.gradus.optimizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** f(x) = x^2 - 2x + 1 = (x - 1)^2, minimised from x = 0 the ways a tutorial does it. */
class MinimizeQuadraticTest {
    private static Tensor f(Variable x) {
        Tensor v = x.value();
        return v.square().sub(v.mul(2)).add(1);
    }

    private static double x(Variable v) {
        return v.value().item();
    }

    @Test
    void tapeAndApplyGradientsLoop() {
        Variable x = new Variable(Tensor.scalar(0), "x");
        SGD sgd = new SGD(0.1);
        for (int step = 0; step < 100; step++) {
            try (GradientTape tape = new GradientTape()) {
                Tensor loss = f(x);
                sgd.applyGradients(tape.gradient(loss, List.of(x)), List.of(x));
            }
        }
        assertThat(Math.abs(x(x) - 1)).isLessThan(1e-3);
        assertThat(sgd.iterationCount()).isEqualTo(100);
    }

    @Test
    void minimizeRecordsItsOwnTape() {
        Variable x = new Variable(Tensor.scalar(0), "x");
        Adam adam = new Adam(0.1);
        Tensor first = adam.minimize(() -> f(x), x);
        assertThat(first.item()).isEqualTo(1f); // f(0), the loss before the step
        for (int step = 1; step < 300; step++) adam.minimize(() -> f(x), List.of(x));
        assertThat(Math.abs(x(x) - 1)).isLessThan(1e-3);
    }

    @Test
    void sgdWithNesterovMomentum() {
        Variable x = new Variable(Tensor.scalar(0), "x");
        SGD sgd = new SGD(0.05).momentum(0.9).nesterov(true);
        for (int step = 0; step < 200; step++) sgd.minimize(() -> f(x), x);
        assertThat(Math.abs(x(x) - 1)).isLessThan(1e-3);
    }

    @Test
    void loopStopsWhenTheDerivativeVanishes() {
        // the classic gradient-descent tutorial: iterate until |df/dx| < 1e-5
        Variable x = new Variable(Tensor.scalar(0), "x");
        SGD sgd = new SGD(0.1);
        double derivative = Double.NaN;
        int steps = 0;
        while (steps < 1000) {
            List<Tensor> grads;
            try (GradientTape tape = new GradientTape()) {
                grads = tape.gradient(f(x), List.of(x));
            }
            derivative = grads.get(0).item();
            if (Math.abs(derivative) < 1e-5) break;
            sgd.applyGradients(grads, List.of(x));
            steps++;
        }
        assertThat(Math.abs(derivative)).isLessThan(1e-5);
        // df/dx = 2(x - 1) shrinks by (1 - 2 * 0.1) each step from -2: about 62 steps to reach 1e-5
        assertThat(steps).isBetween(55, 70);
        assertThat(Math.abs(x(x) - 1)).isLessThan(1e-5);
    }
}
