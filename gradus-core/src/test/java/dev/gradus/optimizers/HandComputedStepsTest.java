package dev.gradus.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Update rules that the conformance vectors do not reach, against steps worked out by hand. */
class HandComputedStepsTest {
    private static final double TOL = 1e-6;

    private static double[] run(Optimizer opt, double start, double... grads) {
        Variable w = new Variable(Tensor.scalar(start), "w");
        double[] out = new double[grads.length];
        for (int i = 0; i < grads.length; i++) {
            opt.applyGradients(List.of(Tensor.scalar(grads[i])), List.of(w));
            out[i] = w.value().item();
        }
        return out;
    }

    @Test
    void sgdMomentum() {
        // m1 = 0.9*0 - 0.1*1 = -0.1, w1 = 0.9; m2 = 0.9*(-0.1) - 0.1*2 = -0.29, w2 = 0.61
        double[] w = run(new SGD(0.1).momentum(0.9), 1.0, 1.0, 2.0);
        assertThat(w[0]).isCloseTo(0.9, within(TOL));
        assertThat(w[1]).isCloseTo(0.61, within(TOL));
    }

    @Test
    void sgdNesterovMomentum() {
        // w1 = 1 + 0.9*(-0.1) - 0.1*1 = 0.81; w2 = 0.81 + 0.9*(-0.29) - 0.1*2 = 0.349
        double[] w = run(new SGD(0.1).momentum(0.9).nesterov(true), 1.0, 1.0, 2.0);
        assertThat(w[0]).isCloseTo(0.81, within(TOL));
        assertThat(w[1]).isCloseTo(0.349, within(TOL));
    }

    @Test
    void rmspropWithMomentum() {
        double eps = 1e-7;
        // v1 = 0.1 * 1^2; step1 = 0.1 * 1 / sqrt(v1 + eps); m1 = step1
        double v1 = 0.1, s1 = 0.1 * 1 / Math.sqrt(v1 + eps), m1 = s1;
        // v2 = 0.9 * v1 + 0.1 * 2^2 = 0.49; step2 = 0.1 * 2 / sqrt(v2 + eps); m2 = 0.5 * m1 + step2
        double v2 = 0.9 * v1 + 0.1 * 4, s2 = 0.1 * 2 / Math.sqrt(v2 + eps), m2 = 0.5 * m1 + s2;
        double[] w = run(new RMSprop(0.1).momentum(0.5), 1.0, 1.0, 2.0);
        assertThat(w[0]).isCloseTo(1 - m1, within(TOL));
        assertThat(w[1]).isCloseTo(1 - m1 - m2, within(TOL));
    }

    @Test
    void rmspropCenteredWithMomentum() {
        double eps = 1e-7;
        double v1 = 0.1, a1 = 0.1, s1 = 0.1 * 1 / Math.sqrt(v1 - a1 * a1 + eps), m1 = s1;
        double v2 = 0.9 * v1 + 0.1 * 4, a2 = 0.9 * a1 + 0.1 * 2, s2 = 0.1 * 2 / Math.sqrt(v2 - a2 * a2 + eps);
        double m2 = 0.5 * m1 + s2;
        double[] w = run(new RMSprop(0.1).momentum(0.5).centered(true), 1.0, 1.0, 2.0);
        assertThat(w[0]).isCloseTo(1 - m1, within(1e-5));
        assertThat(w[1]).isCloseTo(1 - m1 - m2, within(1e-5));
    }

    @Test
    void radamIsMomentumSgdUntilTheVarianceIsTractableThenRectifiedAdam() {
        // constant gradient 1: m_t = 1 - 0.9^t, so the bias-corrected momentum is exactly 1
        double lr = 0.01, b2 = 0.999;
        double rhoInf = 2 / (1 - b2) - 1;                       // 1999
        double[] rho = new double[6];
        for (int t = 1; t <= 5; t++) rho[t] = rhoInf - 2 * t * Math.pow(b2, t) / (1 - Math.pow(b2, t));
        assertThat(rho[4]).isLessThan(4);                        // 3.997: steps 1-4 are SGD with momentum
        assertThat(rho[5]).isGreaterThan(4);                     // 4.996: step 5 is rectified
        double r5 = Math.sqrt((rho[5] - 4) * (rho[5] - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho[5]));
        double v5 = 1 - Math.pow(b2, 5);                         // v_t = 1 - 0.999^t for g = 1
        double step5 = lr * r5 * Math.sqrt(v5) / (Math.sqrt(v5) + 1e-7);
        double[] w = run(new RAdam(lr), 1.0, 1, 1, 1, 1, 1);
        assertThat(w[3]).isCloseTo(1 - 4 * lr, within(TOL));
        assertThat(w[4]).isCloseTo(1 - 4 * lr - step5, within(TOL));
        assertThat(step5).isLessThan(lr * 0.1);                  // the rectification starts small
    }

    @Test
    void lookaheadPullsTheSlowWeightsEveryKSteps() {
        // inner SGD(0.1), gradient 1: fast 0.9, 0.8 -> slow 1 + 0.5*(0.8 - 1) = 0.9, fast 0.9;
        // then fast 0.8, 0.7 -> slow 0.9 + 0.5*(0.7 - 0.9) = 0.8
        double[] w = run(new Lookahead(new SGD(0.1)).k(2).alpha(0.5), 1.0, 1, 1, 1, 1);
        assertThat(w).usingComparatorWithPrecision(1e-6).containsExactly(0.9, 0.9, 0.8, 0.8);
    }

    @Test
    void adamStepMatchesItsClosedFormOnTheFirstStep() {
        // m1 = 0.1 g, v1 = 0.001 g^2, alpha = lr * sqrt(0.001) / 0.1: the step is lr * g / (|g| + eps / sqrt(0.001))
        double g = 3, lr = 0.01;
        double step = lr * Math.sqrt(0.001) / 0.1 * 0.1 * g / (Math.sqrt(0.001 * g * g) + 1e-7);
        assertThat(run(new Adam(lr), 2.0, g)[0]).isCloseTo(2.0 - step, within(TOL));
    }
}
