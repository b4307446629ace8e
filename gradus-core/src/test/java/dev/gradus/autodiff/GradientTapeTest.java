package dev.gradus.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientTapeTest {

    private static Tensor t(float... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void gradientOfAWatchedTensor() {
        Tensor x = t(1, 2, 3);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Ops.sum(Ops.mul(x, x));
            assertThat(tape.gradient(y, x).toFloatArray()).containsExactly(2, 4, 6);
        }
    }

    @Test
    void trainableVariablesAreWatchedWhenReadAndOthersAreNot() {
        Variable w = new Variable(t(3), "w");
        Variable frozen = new Variable(t(5), "frozen", false);
        try (GradientTape tape = new GradientTape()) {
            Tensor y = Ops.mul(w.value(), frozen.value());
            List<Tensor> g = tape.gradient(y, List.of(w, frozen));
            assertThat(g.get(0).toFloatArray()).containsExactly(5);
            assertThat(g.get(1)).isNull();
        }
    }

    @Test
    void explicitlyWatchedVariableReadBeforeTheTapeStillCounts() {
        Variable v = new Variable(t(2), "v", false);
        Tensor read = v.value();
        try (GradientTape tape = new GradientTape()) {
            tape.watch(v);
            Tensor y = Ops.square(read);
            assertThat(tape.gradient(y, v).toFloatArray()).containsExactly(4);
        }
    }

    @Test
    void unconnectedSourceGetsNullAndNonScalarTargetIsSummed() {
        Tensor x = t(1, 2), z = t(7);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(z);
            Tensor y = Ops.mul(x, 3); // shape (2,): summed first
            List<Tensor> g = tape.gradient(y, List.of(x, z));
            assertThat(g.get(0).toFloatArray()).containsExactly(3, 3);
            assertThat(g.get(1)).isNull();
        }
    }

    @Test
    void nonPersistentTapeRefusesASecondGradientAndPersistentAllowsIt() {
        Tensor x = t(2);
        GradientTape tape = new GradientTape();
        tape.watch(x);
        Tensor y = Ops.square(x);
        tape.close();
        assertThat(tape.gradient(y, x).item()).isEqualTo(4f); // after close, as with Keras's `with` block
        assertThatThrownBy(() -> tape.gradient(y, x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("non-persistent");
        try (GradientTape p = GradientTape.persistent()) {
            p.watch(x);
            Tensor a = Ops.square(x), b = Ops.exp(x);
            assertThat(p.gradient(a, x).item()).isEqualTo(4f);
            assertThat(p.gradient(b, x).item()).isEqualTo((float) Math.exp(2));
        }
    }

    @Test
    void nestedTapesGiveSecondDerivatives() {
        Tensor x = t(0.5f);
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x);
            Tensor dy;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                Tensor y = Ops.mul(Ops.pow(x, 3), Ops.sin(x));
                dy = inner.gradient(y, x);
            }
            Tensor d2 = outer.gradient(dy, x);
            double v = 0.5;
            double expected = 6 * v * Math.sin(v) + 6 * v * v * Math.cos(v) - v * v * v * Math.sin(v);
            assertThat(d2.item()).isCloseTo((float) expected, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void stopGradientCutsTheTape() {
        Tensor x = t(3);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Ops.mul(x, Ops.stopGradient(x));
            assertThat(tape.gradient(y, x).item()).isEqualTo(3f);
        }
    }

    @Test
    void stopRecordingPausesTheTape() throws Exception {
        Tensor x = t(3);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y;
            try (AutoCloseable ignored = tape.stopRecording()) {
                y = Ops.square(x);
            }
            assertThat(tape.gradient(y, x)).isNull();
        }
    }

    @Test
    void nothingIsRecordedOutsideATape() {
        assertThat(GradientTape.isRecording()).isFalse();
        try (GradientTape tape = new GradientTape()) {
            assertThat(GradientTape.isRecording()).isTrue();
        }
        assertThat(GradientTape.isRecording()).isFalse();
        Tensor x = t(1);
        Tensor y = Ops.square(x); // made before the tape: the tape knows nothing of it
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            assertThat(tape.gradient(y, x)).isNull();
        }
    }

    @Test
    void gradientsAccumulateOverSeveralUses() {
        Tensor x = t(2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Ops.add(Ops.mul(x, x), Ops.mul(x, 5)); // 2x + 5
            assertThat(tape.gradient(y, x).item()).isEqualTo(9f);
        }
    }

    @Test
    void badSourcesAreRejected() {
        Tensor x = t(2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Ops.square(x);
            assertThatThrownBy(() -> tape.gradient(y, List.of("x")))
                    .hasMessageContaining("sources[0] must be a Tensor or a Variable, got java.lang.String");
        }
    }

    @Test
    void variableAssignmentsValidateShapes() {
        Variable v = new Variable(Tensor.zeros(2, 3), "kernel");
        v.assignAdd(Tensor.ones(3));
        assertThat(v.value().toFloatArray()).containsOnly(1);
        v.assignSub(Tensor.scalar(0.5));
        assertThat(v.value().toFloatArray()).containsOnly(0.5f);
        Tensor before = v.value();
        v.assign(Tensor.full(4, 2, 3));
        assertThat(before.toFloatArray()).containsOnly(0.5f); // a read tensor keeps its values
        assertThatThrownBy(() -> v.assign(Tensor.zeros(3, 2)))
                .hasMessageContaining("'kernel' has shape (2, 3), got a value of shape (3, 2)");
        assertThatThrownBy(() -> v.assignAdd(Tensor.zeros(4)))
                .hasMessageContaining("delta of shape (4,) does not broadcast");
    }

    // ------------------------------------------------------------------ fusing rules

    /** y = 2x, recorded with a rule object that counts its calls. */
    private static final class Double implements Backward {
        int calls;

        @Override
        public Tensor[] apply(Tensor[] g, boolean[] needed) {
            calls++;
            return new Tensor[] {Ops.mul(g[0], Tensor.scalar(2))};
        }
    }

    /** z = 3y; through a {@link Double} it gives x's gradient 6g in one call. */
    private static final class Triple implements FusingBackward {
        int calls, fused;
        boolean willing = true;

        @Override
        public Tensor[] apply(Tensor[] g, boolean[] needed) {
            calls++;
            return new Tensor[] {Ops.mul(g[0], Tensor.scalar(3))};
        }

        @Override
        public Tensor[] throughProducer(Backward producer, Tensor[] g, boolean[] producerNeeded) {
            if (!willing || !(producer instanceof Double)) return null;
            fused++;
            return new Tensor[] {Ops.mul(g[0], Tensor.scalar(6))};
        }
    }

    private static Tensor op(Tensor in, Backward rule, float factor) {
        Tensor out = Tensor.of(new float[] {in.toFloatArray()[0] * factor}, 1);
        GradientTape.record(new Tensor[] {in}, new Tensor[] {out}, rule);
        return out;
    }

    /** x = 1, y = 2x (rule d), z = 3y (rule tr), plus y when {@code otherReader}: z's gradients for x, and y when {@code askY}. */
    private static List<Tensor> chain(Double d, Triple tr, boolean otherReader, boolean askY) {
        Tensor x = t(1);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = op(x, d, 2);
            Tensor z = op(y, tr, 3);
            if (otherReader) z = Ops.add(z, y);
            return tape.gradient(z, askY ? List.of(x, y) : List.of(x));
        }
    }

    @Test
    void aFusingRuleTakesTheGradientThroughItsInputsProducer() {
        Double d = new Double();
        Triple tr = new Triple();
        assertThat(chain(d, tr, false, false).get(0).toFloatArray()).containsExactly(6);
        assertThat(tr.fused).isEqualTo(1);
        assertThat(tr.calls + d.calls).isZero();
    }

    @Test
    void theRulesRunApartWhenTheMiddleTensorHasAnotherReaderIsAskedForOrTheRuleDeclines() {
        // another reader: z = 3y + y
        Double d = new Double();
        Triple tr = new Triple();
        assertThat(chain(d, tr, true, false).get(0).toFloatArray()).containsExactly(8);
        assertThat(tr.fused).isZero();
        assertThat(tr.calls).isEqualTo(1);
        assertThat(d.calls).isEqualTo(1);

        // y's own gradient asked for
        Double d2 = new Double();
        Triple tr2 = new Triple();
        List<Tensor> g = chain(d2, tr2, false, true);
        assertThat(g.get(0).toFloatArray()).containsExactly(6);
        assertThat(g.get(1).toFloatArray()).containsExactly(3);
        assertThat(tr2.fused).isZero();
        assertThat(d2.calls).isEqualTo(1);

        // the rule declines
        Double d3 = new Double();
        Triple tr3 = new Triple();
        tr3.willing = false;
        assertThat(chain(d3, tr3, false, false).get(0).toFloatArray()).containsExactly(6);
        assertThat(tr3.calls).isEqualTo(1);
        assertThat(d3.calls).isEqualTo(1);
    }
}
