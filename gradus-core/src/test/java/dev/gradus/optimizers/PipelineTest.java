package dev.gradus.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.ExponentialDecay;
import dev.gradus.optimizers.schedules.PiecewiseConstantDecay;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The base pipeline: weight decay, schedules, state save/restore, in-place storage, skipped variables. */
class PipelineTest {

    @Test
    void excludeFromWeightDecayByNameAndByVariable() {
        Variable kernel = new Variable(Tensor.of(new float[] {2, 4}), "dense/kernel");
        Variable bias = new Variable(Tensor.of(new float[] {2, 4}), "dense/bias");
        Variable gamma = new Variable(Tensor.of(new float[] {2, 4}), "norm/gamma");
        List<Variable> vars = List.of(kernel, bias, gamma);
        List<Tensor> zeros = List.of(Tensor.zeros(2), Tensor.zeros(2), Tensor.zeros(2));

        SGD byName = new SGD(0.5).weightDecay(0.1).excludeFromWeightDecay("bias", "gam+a");
        byName.applyGradients(zeros, vars);
        // w - w * 0.1 * 0.5 for the kernel only
        assertThat(kernel.value().toFloatArray()).containsExactly(new float[] {1.9f, 3.8f}, within(1e-6f));
        assertThat(bias.value().toFloatArray()).containsExactly(2, 4);
        assertThat(gamma.value().toFloatArray()).containsExactly(2, 4);

        Variable a = new Variable(Tensor.scalar(1), "a"), b = new Variable(Tensor.scalar(1), "b");
        AdamW adamw = new AdamW(1.0).weightDecay(0.5).excludeFromWeightDecay(b);
        adamw.applyGradients(List.of(Tensor.scalar(0), Tensor.scalar(0)), List.of(a, b));
        assertThat(a.value().item()).isCloseTo(0.5f, within(1e-6f));
        assertThat(b.value().item()).isEqualTo(1f);
    }

    @Test
    void aScheduleDrivesTheLearningRateFromTheRawStepCount() {
        // lr 1.0 for steps 0 and 1, 0.5 from step 2: w = 0 - 1 - 1 - 0.5 - 0.5
        PiecewiseConstantDecay schedule = new PiecewiseConstantDecay(new long[] {1}, new double[] {1.0, 0.5});
        SGD sgd = new SGD().learningRate(schedule);
        Variable w = new Variable(Tensor.scalar(0), "w");
        double[] rates = new double[4];
        for (int i = 0; i < 4; i++) {
            rates[i] = sgd.learningRate();
            sgd.applyGradients(List.of(Tensor.scalar(1)), List.of(w));
        }
        assertThat(rates).containsExactly(1.0, 1.0, 0.5, 0.5);
        assertThat(w.value().item()).isEqualTo(-3f);
        assertThat(sgd.getConfig().get("learning_rate")).isInstanceOf(java.util.Map.class);
        assertThatThrownBy(() -> sgd.learningRate(0.1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LearningRateSchedule");
    }

    @Test
    void withGradientAccumulationTheScheduleStillSeesTheRawCount() {
        List<Long> seen = new ArrayList<>();
        SGD sgd = new SGD().learningRate(step -> {
            seen.add(step);
            return 1.0;
        }).gradientAccumulationSteps(2);
        Variable w = new Variable(Tensor.scalar(0), "w");
        for (int i = 0; i < 4; i++) sgd.applyGradients(List.of(Tensor.scalar(i + 1)), List.of(w));
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L);
        // updates with the mean of (1, 2) and of (3, 4)
        assertThat(w.value().item()).isEqualTo(-1.5f - 3.5f);
        assertThat(sgd.iterationCount()).isEqualTo(2);
        assertThat(sgd.iterations().value().item()).isEqualTo(4f);
    }

    @Test
    void learningRateSetterIsWhatCallbacksUse() {
        Adam adam = new Adam(0.01);
        assertThat(adam.learningRate()).isCloseTo(0.01, within(1e-9));
        Optimizer asBase = adam;
        asBase.learningRate(0.5);
        assertThat(adam.learningRate()).isEqualTo(0.5);
        assertThat(adam.getConfig().get("learning_rate")).isEqualTo(0.5);
        double[] box = {0.2};
        adam.learningRate(() -> box[0]);
        box[0] = 0.3;
        assertThat(adam.learningRate()).isEqualTo(0.3);
    }

    @Test
    void getWeightsSetWeightsContinuesTheIdenticalTrajectory() {
        for (int kind = 0; kind < 3; kind++) {
            Variable a = new Variable(Tensor.randomNormal(7L, 3, 4), "w");
            Optimizer first = optimizer(kind);
            List<Tensor> grads = new ArrayList<>();
            for (int s = 0; s < 8; s++) grads.add(Tensor.randomNormal(100L + s, 3, 4));
            for (int s = 0; s < 4; s++) first.applyGradients(List.of(grads.get(s)), List.of(a));
            List<Tensor> saved = first.getWeights();
            Variable b = new Variable(a.value(), "w");
            for (int s = 4; s < 8; s++) first.applyGradients(List.of(grads.get(s)), List.of(a));

            Optimizer second = optimizer(kind);
            second.build(List.of(b));
            second.setWeights(saved);
            for (int s = 4; s < 8; s++) second.applyGradients(List.of(grads.get(s)), List.of(b));
            assertThat(b.value().toFloatArray()).as("optimizer %s", first.name()).isEqualTo(a.value().toFloatArray());
            assertThat(second.iterationCount()).isEqualTo(first.iterationCount());
        }
    }

    private static Optimizer optimizer(int kind) {
        switch (kind) {
            case 0: return new Adam().learningRate(new ExponentialDecay(0.1, 2, 0.5)).useEma(true).emaOverwriteFrequency(3);
            case 1: return new Nadam(0.05);
            default: return new SGD(0.1).momentum(0.9).gradientAccumulationSteps(3);
        }
    }

    @Test
    void variablesAreInKerasOrder() {
        Variable a = new Variable(Tensor.zeros(2), "a"), b = new Variable(Tensor.zeros(3), "b");
        Adam adam = new Adam().amsgrad(true);
        adam.build(List.of(a, b));
        List<String> names = new ArrayList<>();
        for (Variable v : adam.variables()) names.add(v.name());
        assertThat(names).containsExactly("iteration", "learning_rate", "a_momentum", "a_velocity", "b_momentum",
                "b_velocity", "a_velocity_hat", "b_velocity_hat");
        assertThat(adam.getWeights().get(0).item()).isEqualTo(0f);
        assertThat(new Adam().learningRate(new ExponentialDecay(0.1, 2, 0.5)).variables()).hasSize(1); // no learning-rate variable
    }

    @Test
    void anAdamStepOnAVariableNobodyReadAllocatesNoNewStorage() {
        Variable w = new Variable(Tensor.randomNormal(1L, 1000), "w");
        Tensor g = Tensor.randomNormal(2L, 1000);
        Adam adam = new Adam(0.01);
        adam.applyGradients(List.of(g), List.of(w));
        float[] storage = w.writableStorage();
        List<float[]> slots = new ArrayList<>();
        for (Variable v : adam.variables().subList(2, 4)) slots.add(v.writableStorage());
        float before = storage[0];
        for (int s = 0; s < 5; s++) adam.applyGradients(List.of(g), List.of(w));
        assertThat(w.writableStorage()).isSameAs(storage);
        assertThat(storage[0]).isNotEqualTo(before); // the updates went into that array
        for (int i = 0; i < 2; i++) assertThat(adam.variables().get(2 + i).writableStorage()).isSameAs(slots.get(i));
    }

    @Test
    void aNullGradientSkipsItsVariable() {
        Variable a = new Variable(Tensor.scalar(1), "a"), b = new Variable(Tensor.scalar(1), "b");
        SGD sgd = new SGD(0.5).momentum(0.5);
        sgd.applyGradients(Arrays.asList(Tensor.scalar(1), null), List.of(a, b));
        assertThat(a.value().item()).isEqualTo(0.5f);
        assertThat(b.value().item()).isEqualTo(1f);
        // later calls may pass any subset, in any order
        sgd.applyGradients(List.of(Tensor.scalar(2)), List.of(b));
        assertThat(b.value().item()).isEqualTo(0f);
        assertThat(sgd.iterationCount()).isEqualTo(2);
    }

    @Test
    void clippingOptions() {
        Variable w = new Variable(Tensor.zeros(2), "w");
        new SGD(1.0).clipnorm(1.0).applyGradients(List.of(Tensor.of(new float[] {3, 4})), List.of(w));
        assertThat(w.value().toFloatArray()).containsExactly(new float[] {-0.6f, -0.8f}, within(1e-6f));
        Variable v = new Variable(Tensor.zeros(2), "v");
        new SGD(1.0).clipvalue(0.5).applyGradients(List.of(Tensor.of(new float[] {3, -0.25f})), List.of(v));
        assertThat(v.value().toFloatArray()).containsExactly(-0.5f, 0.25f);
        // a small gradient is left alone
        Variable u = new Variable(Tensor.zeros(2), "u");
        new SGD(1.0).clipnorm(10).applyGradients(List.of(Tensor.of(new float[] {3, 4})), List.of(u));
        assertThat(u.value().toFloatArray()).containsExactly(-3f, -4f);
    }

    @Test
    void staticLossScaleScalesTheLossAndUnscalesTheGradients() {
        Variable w = new Variable(Tensor.scalar(3), "w");
        SGD sgd = new SGD(0.25).lossScaleFactor(8);
        Tensor loss = sgd.minimize(() -> w.value().square(), w); // d/dw (8 w^2) = 48, unscaled to 6
        assertThat(loss.item()).isEqualTo(9f);
        assertThat(w.value().item()).isEqualTo(3f - 0.25f * 6f);
        assertThat(sgd.scaleLoss(Tensor.scalar(1)).item()).isEqualTo(8f);
    }

    @Test
    void dynamicLossScalingSkipsNonFiniteStepsAndProxiesTheInnerOptimizer() {
        Variable w = new Variable(Tensor.scalar(1), "w");
        LossScaleOptimizer lso = new LossScaleOptimizer(new SGD(0.5)).initialScale(4).dynamicGrowthSteps(2);
        lso.applyGradients(List.of(Tensor.scalar(Float.NaN)), List.of(w));
        assertThat(w.value().item()).isEqualTo(1f);
        assertThat(lso.lossScale()).isEqualTo(2.0);
        lso.applyGradients(List.of(Tensor.scalar(2)), List.of(w)); // 2 / 2 = 1
        assertThat(w.value().item()).isEqualTo(0.5f);
        lso.applyGradients(List.of(Tensor.scalar(2)), List.of(w));
        assertThat(lso.lossScale()).isEqualTo(4.0);              // two finite steps in a row: doubled
        assertThat(lso.iterationCount()).isEqualTo(2);           // the inner optimizer's count
        lso.learningRate(0.1);
        assertThat(lso.innerOptimizer().learningRate()).isCloseTo(0.1, within(1e-8));
        assertThat(lso.scaleLoss(Tensor.scalar(3)).item()).isEqualTo(12f);
        List<String> names = new ArrayList<>();
        for (Variable v : lso.variables()) names.add(v.name());
        assertThat(names).containsExactly("iteration", "learning_rate", "step_counter", "dynamic_scale",
                "iteration", "learning_rate");
    }

    @Test
    void emaFinalizeCopiesTheAverageIntoTheVariables() {
        Variable w = new Variable(Tensor.scalar(10), "w");
        SGD sgd = new SGD(1.0).useEma(true).emaMomentum(0.5);
        sgd.applyGradients(List.of(Tensor.scalar(1)), List.of(w)); // w 9, average 9 (first step)
        sgd.applyGradients(List.of(Tensor.scalar(1)), List.of(w)); // w 8, average 0.5*9 + 0.5*8
        assertThat(w.value().item()).isEqualTo(8f);
        sgd.finalizeVariableValues(List.of(w));
        assertThat(w.value().item()).isEqualTo(8.5f);
    }

    @Test
    void largeVariablesSplitAcrossThreadsGiveTheSameNumbers() {
        // above the split threshold the kernels run in chunks; each element must not care
        int n = 100_000;
        Tensor init = Tensor.randomNormal(3L, n), g = Tensor.randomNormal(4L, n);
        Variable big = new Variable(init, "big");
        new Adam(0.01).applyGradients(List.of(g), List.of(big));
        float[] got = big.value().toFloatArray();
        for (int i = 0; i < n; i += 997) {
            Variable one = new Variable(Tensor.scalar(init.unsafeBuffer()[i]), "one");
            new Adam(0.01).applyGradients(List.of(Tensor.scalar(g.unsafeBuffer()[i])), List.of(one));
            assertThat(got[i]).isEqualTo(one.value().item());
        }
    }
}
