package dev.gradus.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.initializers.Constant;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.SGD;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KERAS-SPEC §5.2/§5.3: EarlyStopping and ReduceLROnPlateau traces, mode resolution, bad input. */
class MonitorCallbacksTest {
    static final Tensor X = Tensor.of(new float[][] {{1}, {2}, {3}, {4}});
    static final Tensor Y = Tensor.zeros(4, 1);

    /** One weight, fixed by an SGD of rate 0, so that only the callbacks change the model. */
    static Sequential model(double lr, List<String> metrics) {
        Sequential m = new Sequential(List.of(Input.of(1), new Dense(1).useBias(false).kernelInitializer(new Constant(1.0))));
        m.compile(new SGD(lr), "mse", metrics);
        return m;
    }

    /** Reports {@code values[e]} as val_loss at epoch e and sets the weight to e + 10, so restored weights name their epoch. */
    static LambdaCallback marker(Sequential m, double... values) {
        return new LambdaCallback().onEpochEnd((epoch, logs) -> {
            logs.put("val_loss", values[epoch]);
            m.setWeights(List.of(Tensor.full(epoch + 10, 1, 1)));
        });
    }

    static float weight(Sequential m) {
        return m.getWeights().get(0).toFloatArray()[0];
    }

    @Test
    void earlyStoppingTraceFromTheSpec() {
        // val_loss 0.2, 0.15, 0.1, 0.11, 0.12 with patience 2: stop_training at index 4, index-2 weights restored
        Sequential m = model(0.0, List.of());
        EarlyStopping es = new EarlyStopping().patience(2).restoreBestWeights(true);
        History h = m.fit(X, Y, new FitOptions().epochs(10).verbose(0).shuffle(false)
                .callbacks(marker(m, 0.2, 0.15, 0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17), es));
        assertThat(h.epochs()).containsExactly(0, 1, 2, 3, 4);
        assertThat(es.stoppedEpoch()).isEqualTo(4);
        assertThat(es.bestEpoch()).isEqualTo(2);
        assertThat(es.best()).isEqualTo(0.1);
        assertThat(weight(m)).isEqualTo(12f);
    }

    @Test
    void earlyStoppingWithABaselineCountsImprovingEpochs() {
        // baseline 0.5, patience 5, losses 0.9, 0.8, 0.7, 0.71, 0.72, ...: 5 epochs, index-2 weights restored
        Sequential m = model(0.0, List.of());
        EarlyStopping es = new EarlyStopping().patience(5).baseline(0.5).restoreBestWeights(true);
        History h = m.fit(X, Y, new FitOptions().epochs(10).verbose(0).shuffle(false)
                .callbacks(marker(m, 0.9, 0.8, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77), es));
        assertThat(h.epochs()).hasSize(5);
        assertThat(es.stoppedEpoch()).isEqualTo(4);
        assertThat(weight(m)).isEqualTo(12f);
    }

    @Test
    void earlyStoppingRestoresEvenWhenPatienceNeverRanOut() {
        Sequential m = model(0.0, List.of());
        EarlyStopping es = new EarlyStopping().patience(10).restoreBestWeights(true);
        History h = m.fit(X, Y, new FitOptions().epochs(4).verbose(0).shuffle(false)
                .callbacks(marker(m, 0.5, 0.3, 0.4, 0.45), es));
        assertThat(h.epochs()).hasSize(4);
        assertThat(es.stoppedEpoch()).isZero();
        assertThat(weight(m)).isEqualTo(11f);
    }

    @Test
    void earlyStoppingMinDeltaAndStartFromEpoch() {
        // min_delta 0.05: 0.97 is no improvement on 1.0; patience 1 stops at index 1
        EarlyStopping es = new EarlyStopping().monitor("loss").minDelta(-0.05).patience(1);
        Sequential m = model(0.0, List.of());
        es.setModel(m);
        es.onTrainBegin(Map.of());
        es.onEpochEnd(0, logs("loss", 1.0));
        es.onEpochEnd(1, logs("loss", 0.97));
        assertThat(m.stopTraining()).isTrue();
        assertThat(es.minDelta()).isEqualTo(0.05);
        // start_from_epoch 2: the first two epochs are not watched
        Sequential m2 = model(0.0, List.of());
        EarlyStopping late = new EarlyStopping().monitor("loss").startFromEpoch(2);
        late.setModel(m2);
        late.onTrainBegin(Map.of());
        late.onEpochEnd(0, logs("loss", 1.0));
        late.onEpochEnd(1, logs("loss", 2.0));
        assertThat(late.best()).isNull();
        late.onEpochEnd(2, logs("loss", 3.0));
        assertThat(late.best()).isEqualTo(3.0);
        assertThat(m2.stopTraining()).isFalse();
    }

    @Test
    void autoModeFollowsTheMetricsDirection() {
        // accuracy goes up: max mode; mae goes down: min mode
        Sequential m = model(0.0, List.of("accuracy", "mae"));
        m.fit(X, Y, new FitOptions().verbose(0));
        EarlyStopping acc = new EarlyStopping().monitor("val_accuracy").patience(0);
        acc.setModel(m);
        acc.onTrainBegin(Map.of());
        acc.onEpochEnd(0, logs("val_accuracy", 0.5));
        acc.onEpochEnd(1, logs("val_accuracy", 0.6));
        assertThat(m.stopTraining()).isFalse();
        acc.onEpochEnd(2, logs("val_accuracy", 0.55));
        assertThat(m.stopTraining()).isTrue();

        m.stopTraining(false);
        EarlyStopping mae = new EarlyStopping().monitor("mae");
        mae.setModel(m);
        mae.onTrainBegin(Map.of());
        mae.onEpochEnd(0, logs("mae", 0.5));
        mae.onEpochEnd(1, logs("mae", 0.6));
        assertThat(m.stopTraining()).isTrue();

        // a name that is neither a loss nor a compiled metric needs an explicit mode
        EarlyStopping unknown = new EarlyStopping().monitor("custom_score");
        unknown.setModel(m);
        unknown.onTrainBegin(Map.of());
        assertThatThrownBy(() -> unknown.onEpochEnd(0, logs("custom_score", 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monitor=custom_score")
                .hasMessageContaining("mode(\"max\")");
        assertThatThrownBy(() -> new EarlyStopping().mode("maximum")).hasMessageContaining("mode");
    }

    @Test
    void missingMonitorWarnsOnceAndDoesNotStop() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Sequential m = model(0.0, List.of());
        EarlyStopping es = new EarlyStopping().patience(0);
        ReduceLROnPlateau rl = new ReduceLROnPlateau().patience(0);
        History h;
        try {
            h = m.fit(X, Y, new FitOptions().epochs(3).verbose(0).callbacks(es, rl));
        } finally {
            System.setErr(old);
        }
        assertThat(h.epochs()).hasSize(3);
        String text = err.toString(StandardCharsets.UTF_8);
        String early = "WARN dev.gradus.callbacks.EarlyStopping - Early stopping conditioned on metric `val_loss` which is not available. "
                + "Available metrics are: loss";
        assertThat(text.split("\n")).containsExactly(early,
                "WARN dev.gradus.callbacks.ReduceLROnPlateau - Learning rate reduction is conditioned on metric `val_loss` which is not available. "
                        + "Available metrics are: loss,learning_rate");
    }

    @Test
    void reduceLrOnPlateauTraceFromTheSpec() {
        // patience 1, cooldown 2, no improvement after the first epoch: reduced at the end of 1-based epochs 2, 4 and 6
        Sequential m = model(1.0, List.of());
        ReduceLROnPlateau rl = new ReduceLROnPlateau().monitor("val_loss").patience(1).cooldown(2).factor(0.5);
        LambdaCallback flat = new LambdaCallback().onEpochEnd((e, logs) -> logs.put("val_loss", 1.0));
        History h = m.fit(X, Y, new FitOptions().epochs(6).verbose(0).shuffle(false).batchSize(4)
                .callbacks(flat, rl));
        // the rate logged at an epoch's end is the one used during that epoch
        assertThat(h.get("learning_rate")).containsExactly(1.0, 1.0, 0.5, 0.5, 0.25, 0.25);
        assertThat(m.optimizer().learningRate()).isEqualTo(0.125);
    }

    @Test
    void reduceLrRespectsMinLrAndMinDelta() {
        Sequential m = model(0.0, List.of());
        m.compile(new SGD(0.1), "mse");
        ReduceLROnPlateau rl = new ReduceLROnPlateau().monitor("loss").patience(0).factor(0.1).minLr(0.005).minDelta(0.1);
        rl.setModel(m);
        rl.onTrainBegin(Map.of());
        Map<String, Object> l0 = logs("loss", 1.0);
        rl.onEpochEnd(0, l0);
        assertThat(l0.get("learning_rate")).isEqualTo((double) 0.1f);
        rl.onEpochEnd(1, logs("loss", 0.95)); // within min_delta: no improvement, patience 0 → reduce
        assertThat(m.optimizer().learningRate()).isCloseTo(0.01, within(1e-9));
        rl.onEpochEnd(2, logs("loss", 0.94));
        assertThat(m.optimizer().learningRate()).isCloseTo(0.005, within(1e-9)); // max(0.001, min_lr)
        rl.onEpochEnd(3, logs("loss", 0.93));
        assertThat(m.optimizer().learningRate()).isCloseTo(0.005, within(1e-9)); // lr is not above min_lr
        rl.onEpochEnd(4, logs("loss", 0.5)); // improves by more than min_delta
        assertThat(m.optimizer().learningRate()).isCloseTo(0.005, within(1e-9));
    }

    @Test
    void reduceLrRejectsAFactorOfOneOrMoreAndSchedules() {
        assertThatThrownBy(() -> new ReduceLROnPlateau().factor(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ReduceLROnPlateau does not support a factor >= 1.0. Received: factor=1.0");
        assertThatThrownBy(() -> new ReduceLROnPlateau().factor(2.5)).hasMessageContaining("factor=2.5");
        assertThatThrownBy(() -> new ReduceLROnPlateau().factor(Double.NaN)).hasMessageContaining("factor");
        Sequential m = model(0.0, List.of());
        m.compile(new SGD().learningRate(LearningRateSchedule.exponentialDecay(0.1, 10, 0.5)), "mse");
        assertThatThrownBy(() -> m.fit(X, Y, new FitOptions().verbose(0).callbacks(new ReduceLROnPlateau())))
                .hasMessageContaining("LearningRateSchedule");
    }

    @Test
    void verboseMessagesAsKeras() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Sequential m = model(1.0, List.of());
            m.fit(X, Y, new FitOptions().epochs(10).verbose(0).shuffle(false).callbacks(
                    marker(m, 0.2, 0.15, 0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17),
                    new ReduceLROnPlateau().patience(1).factor(0.5).verbose(1),
                    new EarlyStopping().patience(2).restoreBestWeights(true).verbose(1)));
        } finally {
            System.setOut(old);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\nEpoch 4: ReduceLROnPlateau reducing learning rate to 0.5.\n"
                + "\nEpoch 5: ReduceLROnPlateau reducing learning rate to 0.25.\n"
                + "Epoch 5: early stopping\n"
                + "Restoring model weights from the end of the best epoch: 3.\n");
    }

    static Map<String, Object> logs(String key, double value) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put(key, value);
        return l;
    }
}
