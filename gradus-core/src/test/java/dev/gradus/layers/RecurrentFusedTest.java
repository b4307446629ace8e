package dev.gradus.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.activations.Activation;
import dev.gradus.autodiff.GradientTape;
import dev.gradus.ops.Ops;
import dev.gradus.ops.RecurrentOps;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fused whole-sequence recurrent ops ({@link RecurrentOps}) that LSTM and GRU run with Keras's activations:
 * the same values and gradients as the cell's step loop on random shapes and flags, finite
 * differences for every input, second derivatives, and the same bits run after run.
 */
class RecurrentFusedTest {
    /** tanh, but not the built-in instance: a layer given it runs its cell's step loop, the reference here. */
    private static final Activation TANH_BY_STEPS = x -> Ops.tanh(x);

    @BeforeEach
    void seed() {
        dev.gradus.Gradus.setRandomSeed(22);
    }

    /** The layers with a fused op: LSTM, GRU with reset_after (Keras's default) and without. */
    private enum Kind { LSTM, GRU, GRU_RESET_BEFORE }

    /** One random configuration; the fused layer and its step-loop twin share the weights. */
    private record Case(Kind kind, int batch, int steps, int features, int units, boolean masked, boolean backwards, boolean sequences,
                        boolean zeroOutput, boolean initial, boolean bias, long seed) {
        static Case draw(Kind kind, SplittableRandom r) {
            return new Case(kind, 1 + r.nextInt(9), 1 + r.nextInt(7), 1 + r.nextInt(5), 1 + r.nextInt(40), r.nextBoolean(),
                    r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextInt(4) > 0, r.nextLong());
        }

        BaseRNN<?, ?> layer(boolean fused) {
            BaseRNN<?, ?> l = switch (kind) {
                case LSTM -> new LSTM(units);
                case GRU -> new GRU(units);
                case GRU_RESET_BEFORE -> new GRU(units).resetAfter(false);
            };
            l.returnSequences(sequences).goBackwards(backwards).zeroOutputForMask(zeroOutput).useBias(bias).biasInitializer("random_normal");
            if (!fused) l.activation(TANH_BY_STEPS);
            l.buildFor(batch, steps, features);
            return l;
        }

        /** Random initial states, or null (zeros). */
        List<Tensor> initialStates() {
            if (!initial) return null;
            List<Tensor> states = new ArrayList<>();
            for (int i = 0; i < (kind == Kind.LSTM ? 2 : 1); i++) states.add(Tensor.randomNormal(seed + 1 + i, batch, units));
            return states;
        }

        /** 0/1 with about a third masked, every row's first step masked in odd rows, and the last row fully masked when there are several. */
        Tensor mask() {
            if (!masked) return null;
            SplittableRandom r = new SplittableRandom(seed);
            float[] m = new float[batch * steps];
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < steps; t++)
                    m[b * steps + t] = (b % 2 == 1 && t == 0) || (batch > 1 && b == batch - 1) || r.nextInt(3) == 0 ? 0 : 1;
            return Tensor.of(m, batch, steps);
        }
    }

    /** Output and final states, then the gradients of a random projection of them w.r.t. inputs, initial states and weights. */
    private static List<Tensor> valuesAndGradients(BaseRNN<?, ?> layer, Tensor x, List<Tensor> initial, Tensor mask) {
        List<Tensor> out = new ArrayList<>();
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            if (initial != null) for (Tensor s : initial) tape.watch(s);
            List<Tensor> r = layer.applyWithStates(x, initial, mask, true);
            Tensor loss = Tensor.scalar(0);
            for (int i = 0; i < r.size(); i++) loss = Ops.add(loss, Ops.sum(Ops.mul(r.get(i), Tensor.randomNormal(40 + i, r.get(i).shape().dims()))));
            tape.close();
            out.addAll(r);
            List<Object> sources = new ArrayList<>(List.of(x));
            if (initial != null) sources.addAll(initial);
            sources.addAll(layer.trainableWeights());
            out.addAll(tape.gradient(loss, sources));
        }
        return out;
    }

    @Test
    void fusedLayersMatchTheStepLoopInValuesAndGradients() {
        SplittableRandom r = new SplittableRandom(7);
        for (Kind kind : Kind.values()) {
            for (int n = 0; n < 40; n++) {
                Case c = Case.draw(kind, r);
                BaseRNN<?, ?> fused = c.layer(true), steps = c.layer(false);
                steps.setWeights(fused.getWeights());
                Tensor x = Tensor.randomNormal(c.seed(), c.batch(), c.steps(), c.features());
                List<Tensor> a = valuesAndGradients(fused, x, c.initialStates(), c.mask());
                List<Tensor> b = valuesAndGradients(steps, x, c.initialStates(), c.mask());
                assertThat(a).hasSameSizeAs(b);
                for (int i = 0; i < a.size(); i++) {
                    assertThat(a.get(i).shape()).as(c + ": result " + i).isEqualTo(b.get(i).shape());
                    assertThat(a.get(i).allClose(b.get(i), 1e-4, 1e-5)).as(c + ": result " + i + "\n" + a.get(i) + "\n" + b.get(i)).isTrue();
                }
            }
        }
    }

    private static Tensor flat(List<Tensor> ts) {
        List<Tensor> parts = new ArrayList<>();
        for (Tensor t : ts) parts.add(Ops.reshape(t, t.dim(0), -1));
        return Ops.concat(parts, 1);
    }

    @Test
    void gradientsMatchFiniteDifferencesThroughMasksDirectionsAndInitialStates() {
        Tensor mask = Tensor.of(new double[][] {{1, 0, 1, 1}, {0, 1, 1, 0}});
        for (Kind kind : Kind.values()) {
            for (boolean sequences : new boolean[] {true, false}) {
                Case c = new Case(kind, 2, 4, 3, 3, false, sequences, sequences, !sequences, true, true, 5);
                BaseRNN<?, ?> layer = c.layer(true);
                Tensor x = Tensor.randomNormal(5, 2, 4, 3);
                List<Tensor> init = c.initialStates();
                for (Tensor m : new Tensor[] {null, mask}) {
                    if (kind == Kind.LSTM) {
                        GradCheck.check(xs -> flat(layer.applyWithStates(xs[0], List.of(xs[1], xs[2]), m, false)), x, init.get(0), init.get(1));
                    } else {
                        GradCheck.check(xs -> flat(layer.applyWithStates(xs[0], List.of(xs[1]), m, false)), x, init.get(0));
                    }
                    RecurrentLayersTest.checkWeightGradients(layer, in -> flat(layer.applyWithStates(in, init, m, false)), x);
                }
            }
        }
    }

    @Test
    void secondDerivativesGoThroughTheRecurrenceAsOps() {
        // the gradient taken under an outer tape is recomputed with differentiable ops: finite differences of the first gradient
        Tensor mask = Tensor.of(new double[][] {{1, 1, 0}, {0, 1, 1}});
        LSTM lstm = new LSTM(2).returnSequences(true).biasInitializer("random_normal");
        lstm.buildFor(2, 3, 2);
        GradCheck.checkSecondOrder(xs -> flat(lstm.applyWithStates(xs[0], List.of(xs[1], xs[2]), mask, false)),
                Tensor.randomNormal(1, 2, 3, 2), Tensor.randomNormal(2, 2, 2), Tensor.randomNormal(3, 2, 2));
        for (boolean resetAfter : new boolean[] {true, false}) {
            GRU gru = new GRU(2).resetAfter(resetAfter).goBackwards(true).biasInitializer("random_normal");
            gru.buildFor(2, 3, 2);
            GradCheck.checkSecondOrder(xs -> flat(gru.applyWithStates(xs[0], List.of(xs[1]), mask, false)),
                    Tensor.randomNormal(1, 2, 3, 2), Tensor.randomNormal(2, 2, 2));
        }
    }

    @Test
    void theSameBitsOnEveryRunWhateverThreadRunsABlock() {
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(2);
            Tensor x = Tensor.randomNormal(1, 32, 6, 5);
            Tensor mask = Ops.greater(Tensor.randomUniform(dev.gradus.tensor.Shape.of(32, 6), 0, 1, 3), 0.2);
            for (Kind kind : Kind.values()) {
                BaseRNN<?, ?> layer = new Case(kind, 32, 6, 5, 20, true, false, true, false, false, true, 9).layer(true);
                Supplier<List<Tensor>> run = () -> valuesAndGradients(layer, x, null, mask);
                List<Tensor> first = run.get();
                for (int k = 0; k < 3; k++) {
                    List<Tensor> again = run.get();
                    for (int i = 0; i < first.size(); i++)
                        assertThat(again.get(i).toFloatArray()).as(kind + ": result " + i).isEqualTo(first.get(i).toFloatArray());
                }
                // blocks of rows run inline when another loop holds the team: the same blocks, the same bits
                List<Tensor> serial = Parallel.serially(run::get);
                for (int i = 0; i < first.size(); i++)
                    assertThat(serial.get(i).toFloatArray()).as(kind + ": result " + i).isEqualTo(first.get(i).toFloatArray());
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    private static int subnormals(Tensor t) {
        int n = 0;
        for (float v : t.toFloatArray()) if (v != 0 && Math.abs(v) < Float.MIN_NORMAL) n++;
        return n;
    }

    @Test
    void gradientsFadingBackThroughTimeFlushToZeroInsteadOfTurningSubnormal() {
        // the last output's gradient fades by z (about 0.5 a step) on the way back: subnormal after ~150 steps
        for (Kind kind : Kind.values()) {
            Case c = new Case(kind, 4, 300, 3, 8, false, false, false, false, false, false, 11);
            BaseRNN<?, ?> fused = c.layer(true), steps = c.layer(false);
            steps.setWeights(fused.getWeights());
            Tensor x = Tensor.randomNormal(12, 4, 300, 3);
            Tensor a = valuesAndGradients(fused, x, null, null).get(kind == Kind.LSTM ? 3 : 2);
            Tensor b = valuesAndGradients(steps, x, null, null).get(kind == Kind.LSTM ? 3 : 2);
            assertThat(subnormals(b)).as(kind + ": the step loop's input gradient has subnormal values").isPositive();
            assertThat(subnormals(a)).as(kind + ": the fused input gradient has none").isZero();
            assertThat(a.allClose(b, 1e-4, 1e-5)).as(kind.toString()).isTrue();
        }
    }

    @Test
    void theOpChecksItsArguments() {
        Tensor x = Tensor.zeros(2, 3, 4), k = Tensor.zeros(4, 8), rk = Tensor.zeros(2, 8), h = Tensor.zeros(2, 2);
        RecurrentOps.Options plain = new RecurrentOps.Options(null, false, false, false);
        assertThat(RecurrentOps.lstm(x, k, rk, null, h, h, plain).get(0).shape().dims()).containsExactly(2, 2);
        assertThatThrownBy(() -> RecurrentOps.lstm(Tensor.zeros(2, 4), k, rk, null, h, h, plain))
                .hasMessage("lstm: inputs must have shape (batch, timesteps, features), none of them 0, got (2, 4)");
        assertThatThrownBy(() -> RecurrentOps.lstm(x, k, Tensor.zeros(2, 6), null, h, h, plain))
                .hasMessage("lstm: recurrentKernel must have shape (units, 4·units), got (2, 6)");
        assertThatThrownBy(() -> RecurrentOps.lstm(x, Tensor.zeros(3, 8), rk, null, h, h, plain))
                .hasMessage("lstm: kernel must have shape (4, 8), got (3, 8)");
        assertThatThrownBy(() -> RecurrentOps.lstm(x, k, rk, Tensor.zeros(4), h, h, plain))
                .hasMessage("lstm: bias must have shape (8,), got (4,)");
        assertThatThrownBy(() -> RecurrentOps.lstm(x, k, rk, null, h, Tensor.zeros(1, 2), plain))
                .hasMessage("lstm: c0 must have shape (2, 2), got (1, 2)");
        assertThatThrownBy(() -> RecurrentOps.lstm(x, k, rk, null, h, h, new RecurrentOps.Options(Tensor.zeros(2, 2), false, false, false)))
                .hasMessage("lstm: mask must have shape (2, 3), got (2, 2)");
        assertThatThrownBy(() -> RecurrentOps.lstm(x, k, rk, null, h, null, plain)).hasMessage("lstm: c0 must not be null");
        Tensor gk = Tensor.zeros(4, 6), grk = Tensor.zeros(2, 6);
        assertThat(RecurrentOps.gru(x, gk, grk, Tensor.zeros(2, 6), true, h, plain).get(1).shape().dims()).containsExactly(2, 2);
        assertThatThrownBy(() -> RecurrentOps.gru(x, gk, grk, Tensor.zeros(6), true, h, plain))
                .hasMessage("gru: bias must have shape (2, 6), got (6,)");
        assertThatThrownBy(() -> RecurrentOps.gru(x, gk, grk, Tensor.zeros(2, 6), false, h, plain))
                .hasMessage("gru: bias must have shape (6,), got (2, 6)");
        assertThatThrownBy(() -> RecurrentOps.gru(x, gk, rk, null, true, h, plain))
                .hasMessage("gru: recurrentKernel must have shape (units, 3·units), got (2, 8)");
    }
}
