package dev.gradus.losses;

import static dev.gradus.losses.LossAssert.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Losses.get / serialize / deserialize: Keras strings, config maps, instances and lambdas. */
class LossesRegistryTest {
    static final List<Loss> ALL = List.of(
            new MeanSquaredError(), new MeanAbsoluteError(), new MeanAbsolutePercentageError(),
            new MeanSquaredLogarithmicError(), new CosineSimilarity().axis(1), new Huber().delta(0.7), new LogCosh(),
            new Hinge(), new SquaredHinge(), new CategoricalHinge(), new KLDivergence(), new Poisson(),
            new BinaryCrossentropy().fromLogits(true).labelSmoothing(0.2).axis(1),
            new BinaryFocalCrossentropy().applyClassBalancing(true).alpha(0.4).gamma(3).fromLogits(true).labelSmoothing(0.1),
            new CategoricalCrossentropy().fromLogits(true).labelSmoothing(0.1),
            new CategoricalFocalCrossentropy().alpha(0.1, 0.2, 0.7).gamma(1.5),
            new SparseCategoricalCrossentropy().fromLogits(true).ignoreClass(255),
            new CTC(), new Dice().axis(1, 2), new Tversky().alpha(0.3).beta(0.7), new Circle().gamma(64).margin(0.25).removeDiagonal(false),
            new CategoricalGeneralizedCrossEntropy().q(0.3));

    @Test
    void everyClassRoundTripsThroughItsKerasConfig() {
        assertThat(ALL).hasSize(22);
        for (Loss loss : ALL) {
            Map<String, Object> serialized = Losses.serialize(loss.reduction("sum"));
            assertThat(serialized.get("class_name")).isEqualTo(loss.getClass().getSimpleName());
            Loss back = Losses.get(serialized);
            assertThat(back).as(loss.toString()).isEqualTo(loss).isNotSameAs(loss);
            assertThat(back.getConfig()).isEqualTo(loss.getConfig());
        }
    }

    @Test
    void defaultNamesAndConfigKeysAreKeras() {
        assertThat(new Huber().name()).isEqualTo("huber_loss");
        assertThat(new KLDivergence().name()).isEqualTo("kl_divergence");
        assertThat(new SparseCategoricalCrossentropy().getConfig()).containsOnlyKeys("name", "reduction", "from_logits", "ignore_class", "axis");
        assertThat(new BinaryFocalCrossentropy().getConfig()).containsOnlyKeys("name", "reduction", "from_logits", "label_smoothing",
                "axis", "apply_class_balancing", "alpha", "gamma");
        assertThat(new CategoricalFocalCrossentropy().getConfig()).containsEntry("alpha", 0.25).containsEntry("gamma", 2.0);
        assertThat(new Circle().getConfig()).containsEntry("gamma", 80.0).containsEntry("margin", 0.4).containsEntry("remove_diagonal", true);
        assertThat(new Dice().getConfig()).containsEntry("axis", null);
        assertThat(new Tversky().axis(1, 2, 3).getConfig()).containsEntry("axis", List.of(1, 2, 3));
        assertThat(new CategoricalGeneralizedCrossEntropy().getConfig()).containsEntry("q", 0.5);
    }

    @Test
    void classNamesGiveInstancesWithDefaults() {
        for (Loss loss : ALL) {
            Loss made = Losses.get(loss.getClass().getSimpleName());
            assertThat(made).isInstanceOf(loss.getClass());
            assertThat(made.reduction()).isEqualTo("sum_over_batch_size");
        }
        assertThat(((Huber) Losses.get("Huber")).delta()).isEqualTo(1.0);
    }

    @Test
    void functionNamesAndAliasesGiveTheFunctionWrappedUnderThatName() {
        Tensor yt = Tensor.randomUniform(Shape.of(3, 4), 0, 1, 1);
        Tensor yp = Tensor.randomUniform(Shape.of(3, 4), 0.05, 0.95, 2);
        Map<String, Loss> expected = Map.of("mse", new MeanSquaredError(), "MSE", new MeanSquaredError(),
                "mae", new MeanAbsoluteError(), "MAPE", new MeanAbsolutePercentageError(), "msle", new MeanSquaredLogarithmicError(),
                "bce", new BinaryCrossentropy(), "BCE", new BinaryCrossentropy(), "kld", new KLDivergence(),
                "KLD", new KLDivergence(), "log_cosh", new LogCosh());
        for (Map.Entry<String, Loss> e : expected.entrySet()) {
            Loss loss = Losses.get(e.getKey());
            assertThat(loss).isInstanceOf(LossFunctionWrapper.class);
            assertThat(loss.name()).isEqualTo(e.getKey());
            assertThat(loss.call(yt, yp).item()).as(e.getKey()).isEqualTo(e.getValue().call(yt, yp).item());
            assertThat(Losses.get(Losses.serialize(loss))).isEqualTo(loss);
        }
        for (String fn : List.of("mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
                "mean_squared_logarithmic_error", "cosine_similarity", "huber", "log_cosh", "hinge", "squared_hinge",
                "categorical_hinge", "kl_divergence", "poisson", "binary_crossentropy", "binary_focal_crossentropy",
                "categorical_crossentropy", "categorical_focal_crossentropy", "sparse_categorical_crossentropy",
                "ctc", "dice", "tversky", "circle"))
            assertThat(Losses.get(fn)).as(fn).isInstanceOf(LossFunctionWrapper.class);
    }

    @Test
    void kerasConfigMapsWithJsonTypedValues() {
        Loss huber = Losses.get(Map.of("class_name", "Huber", "config", Map.of("delta", 2)));
        assertThat(((Huber) huber).delta()).isEqualTo(2.0);
        Loss cos = Losses.get(Map.of("class_name", "CosineSimilarity", "config", Map.of("axis", 1L)));
        assertThat(((CosineSimilarity) cos).axis()).isEqualTo(1);
        Loss focal = Losses.get(Map.of("class_name", "BinaryFocalCrossentropy",
                "config", Map.of("gamma", 4, "from_logits", true, "apply_class_balancing", true)));
        assertThat(((BinaryFocalCrossentropy) focal).gamma()).isEqualTo(4.0);
        assertThat(Losses.get(Map.of("class_name", "Dice", "config", Map.of("axis", List.of(1, 2, 3))))).isEqualTo(new Dice().axis(1, 2, 3));
        java.util.HashMap<String, Object> none = new java.util.HashMap<>();
        none.put("reduction", null);
        assertThat(Losses.get(Map.of("class_name", "MeanSquaredError", "config", none)).reduction()).isNull();
        assertThat(Losses.get(Map.of("class_name", "MeanSquaredError", "config", Map.of("dtype", "float32")))).isEqualTo(new MeanSquaredError());
    }

    @Test
    void instancesAndLambdasAreAccepted() {
        Loss mse = new MeanSquaredError();
        assertThat(Losses.get(mse)).isSameAs(mse);
        LossFunction twice = (yt, yp) -> Losses.meanSquaredError(yt, yp).mul(2);
        Loss wrapped = Losses.get(twice);
        assertThat(wrapped).isInstanceOf(LossFunctionWrapper.class);
        Tensor yt = t(new double[][] {{1}, {0}}), yp = t(new double[][] {{0.5}, {0.5}});
        assertThat(wrapped.call(yt, yp).item()).isEqualTo(0.5f);
        assertThat(Losses.get((Object) null)).isNull();
    }

    @Test
    void unknownNamesListTheClosestKnownOnes() {
        assertThatThrownBy(() -> Losses.get("mean_squared_eror"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mean_squared_eror'").hasMessageContaining("'mean_squared_error'");
        assertThatThrownBy(() -> Losses.get("BinaryCrossEntropy")).hasMessageContaining("'BinaryCrossentropy'");
        assertThatThrownBy(() -> Losses.get(Map.of("class_name", "Huber", "config", Map.of("delta", 1.0, "detla", 2.0))))
                .hasMessageContaining("unknown config key").hasMessageContaining("detla");
        assertThatThrownBy(() -> Losses.get(Map.of("class_name", "Huber", "config", Map.of("delta", "big"))))
                .hasMessageContaining("'delta'").hasMessageContaining("number");
        assertThatThrownBy(() -> Losses.get(Map.of("class_name", "MeanSquaredError", "config", Map.of("dtype", "float64"))))
                .hasMessageContaining("float32");
        assertThatThrownBy(() -> Losses.get(42)).hasMessageContaining("Integer");
        assertThatThrownBy(() -> Losses.get(Losses.serialize(new LossFunctionWrapper((a, b) -> a))))
                .hasMessageContaining("lambda cannot be rebuilt");
    }
}
