package dev.gradus.optimizers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BadInputTest {
    private final Variable w = new Variable(Tensor.zeros(2, 3), "w");

    @Test
    void negativeOrNonFiniteLearningRate() {
        assertThatThrownBy(() -> new Adam(-0.001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning_rate").hasMessageContaining("-0.001");
        assertThatThrownBy(() -> new SGD().learningRate(Double.NaN)).hasMessageContaining("learning_rate");
        assertThatThrownBy(() -> Optimizers.get(Map.of("class_name", "SGD", "config", Map.of("learning_rate", -1))))
                .hasMessageContaining("learning_rate must be a finite number >= 0");
    }

    @Test
    void momentumOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new SGD().momentum(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("momentum must be in [0.0, 1.0], got 1.5");
        assertThatThrownBy(() -> new SGD().momentum(-0.1)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new RMSprop().momentum(2)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new Adam().useEma(true).emaMomentum(1.01)).hasMessageContaining("ema_momentum");
    }

    @Test
    void atMostOneClippingOption() {
        assertThatThrownBy(() -> new Adam().clipnorm(1).globalClipnorm(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Only one of clipnorm, clipvalue and global_clipnorm")
                .hasMessageContaining("clipnorm=1.0").hasMessageContaining("global_clipnorm=1.0");
        assertThatThrownBy(() -> Optimizers.get(Map.of("class_name", "Adam",
                "config", Map.of("clipvalue", 1, "global_clipnorm", 2)))).hasMessageContaining("Only one of");
    }

    @Test
    void gradientsAndVariablesMustMatch() {
        SGD sgd = new SGD();
        assertThatThrownBy(() -> sgd.applyGradients(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 3)), List.of(w)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 2 gradients for 1 variables");
        assertThatThrownBy(() -> sgd.applyGradients(List.of(Tensor.zeros(3, 2)), List.of(w)))
                .hasMessageContaining("gradient 0 has shape (3, 2) but variable 'w' has shape (2, 3)");
        assertThatThrownBy(() -> sgd.applyGradients(Arrays.asList((Tensor) null), List.of(w)))
                .hasMessageContaining("no gradients provided for any variable");
        sgd.applyGradients(List.of(Tensor.zeros(2, 3)), List.of(w));
        Variable other = new Variable(Tensor.zeros(2, 3), "other");
        assertThatThrownBy(() -> sgd.applyGradients(List.of(Tensor.zeros(2, 3)), List.of(other)))
                .hasMessageContaining("unknown variable 'other'");
        assertThatThrownBy(() -> sgd.applyGradients(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 3)), List.of(w, w)))
                .hasMessageContaining("appears more than once");
    }

    @Test
    void optionArguments() {
        assertThatThrownBy(() -> new Adam().gradientAccumulationSteps(1)).hasMessageContaining("gradient_accumulation_steps must be >= 2");
        assertThatThrownBy(() -> new Adam().weightDecay(-1)).hasMessageContaining("weight_decay");
        assertThatThrownBy(() -> new Adam().beta1(1.0)).hasMessageContaining("beta_1");
        assertThatThrownBy(() -> new Lion().beta1(0)).hasMessageContaining("beta_1 must be in (0, 1]");
        assertThatThrownBy(() -> new Ftrl().learningRatePower(0.5)).hasMessageContaining("learning_rate_power must be <= 0");
        assertThatThrownBy(() -> new Ftrl().l1RegularizationStrength(-1)).hasMessageContaining("l1_regularization_strength");
        assertThatThrownBy(() -> new Lookahead(new SGD()).k(0)).hasMessageContaining("k must be >= 1");
        assertThatThrownBy(() -> new Adam().setWeights(List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not been built");
        Adam built = new Adam();
        built.build(List.of(w));
        assertThatThrownBy(() -> built.setWeights(List.of(Tensor.scalar(0)))).hasMessageContaining("has 4 variables, got 1 weights");
        assertThatThrownBy(() -> built.amsgrad(true)).isInstanceOf(IllegalStateException.class).hasMessageContaining("before");
    }

    @Test
    void configsRejectUnknownKeysAndBadTypes() {
        assertThatThrownBy(() -> Optimizers.get(Map.of("class_name", "Adam", "config", Map.of("beta1", 0.8))))
                .hasMessageContaining("unknown config key").hasMessageContaining("beta1");
        assertThatThrownBy(() -> Optimizers.get(Map.of("class_name", "Adam", "config", Map.of("amsgrad", "yes"))))
                .hasMessageContaining("'amsgrad' must be true or false");
        assertThatThrownBy(() -> Optimizers.get(Map.of("class_name", "LossScaleOptimizer", "config",
                Map.of("inner_optimizer", Map.of("class_name", "SGD", "config", Map.of()), "clipnorm", 1.0))))
                .hasMessageContaining("does not support `clipnorm`");
        java.util.HashMap<String, Object> nullDecay = new java.util.HashMap<>();
        nullDecay.put("weight_decay", null);
        assertThatThrownBy(() -> Optimizers.get(Map.of("class_name", "AdamW", "config", nullDecay)))
                .hasMessageContaining("weight_decay must be a number");
    }

    @Test
    void unknownNamesSuggestTheClosest() {
        assertThatThrownBy(() -> Optimizers.get("adamm")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown optimizer: 'adamm'").hasMessageContaining("'adam'");
        assertThatThrownBy(() -> Optimizers.get(42)).hasMessageContaining("Could not interpret optimizer identifier");
    }
}
