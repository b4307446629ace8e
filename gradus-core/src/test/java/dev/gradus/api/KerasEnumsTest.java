package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.callbacks.EarlyStopping;
import dev.gradus.callbacks.MonitorMode;
import dev.gradus.layers.Conv2D;
import dev.gradus.layers.DataFormat;
import dev.gradus.layers.FillMode;
import dev.gradus.layers.Interpolation;
import dev.gradus.layers.MaxPooling2D;
import dev.gradus.layers.Padding;
import dev.gradus.layers.RandomRotation;
import dev.gradus.losses.MeanSquaredError;
import dev.gradus.losses.Reduction;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import dev.gradus.training.Shuffle;
import org.junit.jupiter.api.Test;

/** Closed sets of Keras strings as enums; the strings still work and give the same configs. */
class KerasEnumsTest {

    @Test
    void enumsAndStringsGiveTheSameConfig() {
        assertThat(withoutName(new Conv2D(2, 3, 3).padding(Padding.SAME).dataFormat(DataFormat.CHANNELS_FIRST).getConfig()))
                .isEqualTo(withoutName(new Conv2D(2, 3, 3).padding("same").dataFormat("channels_first").getConfig()))
                .containsEntry("padding", "same").containsEntry("data_format", "channels_first");
        assertThat(new MaxPooling2D(2, 2).padding(Padding.SAME).getConfig().get("padding")).isEqualTo("same");
        RandomRotation r = new RandomRotation(0.1).fillMode(FillMode.NEAREST).interpolation(Interpolation.NEAREST);
        assertThat(r.getConfig()).containsEntry("fill_mode", "nearest").containsEntry("interpolation", "nearest");
        assertThat(new EarlyStopping().mode(MonitorMode.MAX).mode()).isEqualTo("max");
        MeanSquaredError sum = new MeanSquaredError().reduction(Reduction.SUM);
        assertThat(sum.reduction()).isEqualTo("sum");
        // sum over the batch of per-sample means: (1 + 4) + (9 + 16) halves
        assertThat(sum.call(Tensor.of(new float[][] {{1, 2}, {3, 4}}), Tensor.zeros(2, 2)).item()).isEqualTo(15f);
        assertThat(Reduction.SUM_OVER_BATCH_SIZE.keras()).isEqualTo("sum_over_batch_size");
        assertThat(Shuffle.BATCH.keras()).isEqualTo("batch");
        new FitOptions().shuffle(Shuffle.FALSE);
        assertThatThrownBy(() -> new Conv2D(2, 3, 3).padding((Padding) null)).hasMessageContaining("padding");
    }

    static java.util.Map<String, Object> withoutName(java.util.Map<String, Object> config) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>(config);
        out.remove("name");
        return out;
    }
}
