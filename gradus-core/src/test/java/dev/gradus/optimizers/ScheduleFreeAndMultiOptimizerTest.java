package dev.gradus.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Variable;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras's ScheduleFreeAdamW and MultiOptimizer, checked against steps worked by hand. */
class ScheduleFreeAndMultiOptimizerTest {

    private static Variable scalar(float value, String name) {
        return new Variable(Tensor.of(new float[] {value}), name);
    }

    @Test
    void scheduleFreeAdamWStepsByHand() {
        // w0 = 1, g = 0.5, lr = 0.1. Step 1: v = 0.001 * 0.25, sqrt(v / (1 - 0.999)) = 0.5, z = 1 - 0.1 = 0.9,
        // x_old = (1 - 0.1 * 1) / 0.9 = 1, x = z (weight 1), y = 0.1 * 0.9 + 0.9 * 0.9 = 0.9.
        // Step 2: v / (1 - 0.999^2) = 0.25 again, z = 0.8, x_old = (0.9 - 0.1 * 0.9) / 0.9 = 0.9,
        // x = (0.9 + 0.8) / 2 = 0.85, y = 0.1 * 0.8 + 0.9 * 0.85 = 0.845.
        ScheduleFreeAdamW opt = new ScheduleFreeAdamW(0.1);
        Variable w = scalar(1, "w");
        opt.applyGradients(List.of(Tensor.of(new float[] {0.5f})), List.of(w));
        assertThat(w.value().item()).isCloseTo(0.9f, within(1e-6f));
        opt.applyGradients(List.of(Tensor.of(new float[] {0.5f})), List.of(w));
        assertThat(w.value().item()).isCloseTo(0.845f, within(1e-6f));
        opt.swapToEval();
        assertThat(w.value().item()).as("x, the average").isCloseTo(0.85f, within(1e-6f));
        opt.swapToTrain();
        assertThat(w.value().item()).isCloseTo(0.845f, within(1e-6f));
    }

    @Test
    void scheduleFreeWarmupScalesTheFirstSteps() {
        // warm-up 4: the first step uses lr * 1/4, so z = 1 - 0.025 and y = z
        ScheduleFreeAdamW opt = new ScheduleFreeAdamW(0.1).warmupSteps(4);
        Variable w = scalar(1, "w");
        opt.applyGradients(List.of(Tensor.of(new float[] {0.5f})), List.of(w));
        assertThat(w.value().item()).isCloseTo(0.975f, within(1e-6f));
        assertThat(opt.getConfig()).containsEntry("warmup_steps", 4).containsEntry("epsilon", 1e-8)
                .containsEntry("learning_rate", 0.1);
        ScheduleFreeAdamW back = (ScheduleFreeAdamW) Optimizers.get(Optimizers.serialize(opt));
        assertThat(back.getConfig()).isEqualTo(opt.getConfig());
        assertThat(Optimizers.get("schedulefreeadamw")).isInstanceOf(ScheduleFreeAdamW.class);
        assertThatThrownBy(() -> new ScheduleFreeAdamW().warmupSteps(-1)).hasMessageContaining("warmup_steps");
    }

    private static MultiOptimizer kernelsBySgd() {
        return new MultiOptimizer(new OptimizerMap().add(new SGD(0.1), "kernel"), new Adam(0.1));
    }

    @Test
    void multiOptimizerRoutesEachVariableToItsOptimizer() {
        // kernel by SGD: [1, 2] - 0.1 * [1, -1] = [0.9, 2.1]. bias by Adam, step 1:
        // m = 0.2, v = 0.004, 0.1 * sqrt(0.001) / 0.1 * 0.2 / sqrt(0.004) = 0.1, so 3 - 0.1 = 2.9
        Variable kernel = new Variable(Tensor.of(new float[] {1, 2}), "dense/kernel");
        Variable bias = scalar(3, "dense/bias");
        MultiOptimizer opt = kernelsBySgd();
        opt.applyGradients(List.of(Tensor.of(new float[] {1, -1}), Tensor.of(new float[] {2})), List.of(kernel, bias));
        assertThat(kernel.value().toFloatArray()).containsExactly(0.9f, 2.1f);
        assertThat(bias.value().item()).isCloseTo(2.9f, within(1e-5f));
        assertThat(opt.iterationCount()).isEqualTo(1);
        assertThat(opt.optimizers()).hasSize(2).allMatch(o -> o.iterationCount() == 1);
        assertThat(opt.learningRate()).as("the first inner optimizer's").isCloseTo(0.1, within(1e-7));
        opt.learningRate(0.05);
        assertThat(opt.optimizers().get(0).learningRate()).isCloseTo(0.05, within(1e-7));
    }

    @Test
    void aLossScaleIsUndoneOnceForAllInnerOptimizers() {
        Variable kernel = new Variable(Tensor.of(new float[] {1, 2}), "dense/kernel");
        Variable bias = scalar(3, "dense/bias");
        MultiOptimizer opt = kernelsBySgd().lossScaleFactor(4);
        assertThat(opt.scaleLoss(Tensor.scalar(2)).item()).isEqualTo(8f);
        opt.applyGradients(List.of(Tensor.of(new float[] {4, -4}), Tensor.of(new float[] {8})), List.of(kernel, bias));
        assertThat(kernel.value().toFloatArray()).containsExactly(0.9f, 2.1f);
        assertThat(bias.value().item()).isCloseTo(2.9f, within(1e-5f));
    }

    @Test
    void aVariableTwoOptimizersClaimIsAnError() {
        Variable kernel = new Variable(Tensor.of(new float[] {1}), "dense/kernel");
        MultiOptimizer opt = new MultiOptimizer(new OptimizerMap().add(new SGD(), "kernel").add(new Adam(), "dense/"), new SGD());
        assertThatThrownBy(() -> opt.applyGradients(List.of(Tensor.of(new float[] {1})), List.of(kernel)))
                .hasMessageContaining("Multiple optimizers assigned to variable 'dense/kernel'");
        Variable v = scalar(1, "v");
        MultiOptimizer byVariable = new MultiOptimizer(new OptimizerMap().add(new SGD(1.0), v), new Adam());
        byVariable.applyGradients(List.of(Tensor.of(new float[] {0.5f})), List.of(v));
        assertThat(v.value().item()).isEqualTo(0.5f);
        assertThatThrownBy(() -> new MultiOptimizer(new OptimizerMap().add(new SGD(), x -> true), new Adam()).getConfig())
                .hasMessageContaining("cannot be saved");
    }

    @Test
    void aModelWithAMultiOptimizerSavesLoadsAndResumesBitForBit(@TempDir Path dir) {
        Tensor x = Tensor.of(new float[][] {{0, 1}, {1, 0}, {1, 1}, {0, 0}});
        Tensor y = Tensor.of(new float[][] {{1}, {2}, {3}, {0}});
        Sequential model = new Sequential(List.of(Input.of(2), new Dense(3).activation("relu"), new Dense(1)));
        model.compile(kernelsBySgd(), "mse");
        model.fit(x, y, new FitOptions().epochs(2).batchSize(2).verbose(0).shuffle(false));
        Path file = dir.resolve("multi.keras");
        model.save(file);
        Model loaded = Models.load(file);
        assertThat(loaded.optimizer()).isInstanceOf(MultiOptimizer.class);
        assertThat(((MultiOptimizer) loaded.optimizer()).optimizers().get(1)).isInstanceOf(Adam.class);
        model.fit(x, y, new FitOptions().epochs(2).batchSize(2).verbose(0).shuffle(false));
        loaded.fit(x, y, new FitOptions().epochs(2).batchSize(2).verbose(0).shuffle(false));
        for (int i = 0; i < model.weights().size(); i++)
            assertThat(loaded.weights().get(i).value().toFloatArray()).isEqualTo(model.weights().get(i).value().toFloatArray());
        Map<String, Object> config = loaded.optimizer().getConfig();
        assertThat(config).containsKeys("obj_map", "default_optimizer");
    }
}
