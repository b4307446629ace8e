package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.Adam;
import dev.gradus.optimizers.Optimizer;
import dev.gradus.optimizers.RMSprop;
import dev.gradus.optimizers.SGD;
import dev.gradus.optimizers.schedules.ExponentialDecay;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every optimizer takes a schedule in its constructor, as Keras's {@code SGD(learning_rate=schedule)}. */
class ScheduleConstructorsTest {
    static final LearningRateSchedule DECAY = new ExponentialDecay(0.1, 1, 0.5);

    @Test
    void sgdWithAScheduleStepsWithTheScheduledRates() {
        SGD sgd = new SGD(DECAY);
        Variable w = new Variable(Tensor.of(new float[] {0f}, 1), "w");
        for (int i = 0; i < 3; i++) sgd.applyGradients(List.of(Tensor.of(new float[] {1f}, 1)), List.of(w));
        // rates 0.1, 0.05, 0.025 at steps 0, 1, 2
        assertThat(w.value().item()).isCloseTo(-0.175f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(sgd.learningRateSchedule()).isSameAs(DECAY);
    }

    @Test
    void everyOptimizerTakesASchedule() {
        List<Function<LearningRateSchedule, Optimizer>> makers = List.of(dev.gradus.optimizers.Adadelta::new,
                dev.gradus.optimizers.Adafactor::new, dev.gradus.optimizers.Adagrad::new, Adam::new,
                dev.gradus.optimizers.AdamW::new, dev.gradus.optimizers.Adamax::new, dev.gradus.optimizers.Ftrl::new,
                dev.gradus.optimizers.Lamb::new, dev.gradus.optimizers.Lion::new, dev.gradus.optimizers.Muon::new,
                dev.gradus.optimizers.Nadam::new, dev.gradus.optimizers.RAdam::new, RMSprop::new, SGD::new);
        for (Function<LearningRateSchedule, Optimizer> make : makers) {
            Optimizer o = make.apply(DECAY);
            assertThat(o.learningRateSchedule()).as(o.name()).isSameAs(DECAY);
            assertThat(o.learningRate()).as(o.name()).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThatThrownBy(() -> new Adam((LearningRateSchedule) null)).hasMessageContaining("learning_rate");
    }
}
