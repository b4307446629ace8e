package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.callbacks.LambdaCallback;
import dev.gradus.callbacks.Logs;
import dev.gradus.initializers.Constant;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A callback reads its logs without casts. */
class LogsTest {

    @Test
    void aCallbackReadsMetricsTyped() {
        Sequential m = new Sequential(List.of(Input.of(1), new Dense(1).useBias(false).kernelInitializer(new Constant(1.0))));
        m.compile(new SGD(0.0), "mse", List.of("mae"));
        Tensor x = Tensor.of(new float[][] {{1}, {2}});
        List<Double> seen = new ArrayList<>();
        List<String> printed = new ArrayList<>();
        m.fit(x, x.mul(3), new FitOptions().epochs(1).verbose(0).validationData(x, x).callbacks(new LambdaCallback()
                .onEpochEnd((epoch, logs) -> {
                    Logs l = Logs.of(logs);
                    seen.add(l.getDouble("loss"));
                    seen.add(l.getDouble("val_mae"));
                    seen.add(l.getDouble("missing", -1));
                    printed.add(l.toString());
                })));
        // predictions 1, 2 against 3, 6: mse (4 + 16) / 2, and against themselves: mae 0
        assertThat(seen).containsExactly(10.0, 0.0, -1.0);
        assertThat(printed.get(0)).isEqualTo("loss: 10.0000 - mae: 3.0000 - val_loss: 0.0000 - val_mae: 0.0000");
    }

    @Test
    void missingAndNonScalarKeysAreNamed() {
        Map<String, Object> logs = new LinkedHashMap<>();
        logs.put("loss", 0.5);
        logs.put("f1", Tensor.of(new float[] {0.1f, 0.2f}));
        Logs l = Logs.of(logs);
        assertThat(l.getTensor("f1").shape().dims()).containsExactly(2);
        assertThat(l.getTensor("loss").item()).isEqualTo(0.5f);
        assertThat(l.keys()).containsExactly("loss", "f1");
        assertThatThrownBy(() -> l.getDouble("val_loss")).hasMessageContaining("'val_loss'").hasMessageContaining("[loss, f1]");
        assertThatThrownBy(() -> l.getDouble("f1")).hasMessageContaining("(2,)");
        assertThat(l.toString()).isEqualTo("loss: 0.5000");
    }
}
