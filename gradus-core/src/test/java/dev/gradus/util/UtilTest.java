package dev.gradus.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UtilTest {
    record Thing(String kind, double size) {}

    private static Registry<Thing> registry() {
        return new Registry<>("thing", Thing.class)
                .builtin("BigThing", c -> new Thing("big", Config.read("BigThing", c).getDouble("size", 10)), "big_thing", "BT")
                .builtin("SmallThing", c -> new Thing("small", 1));
    }

    @Test
    void snakeCaseFollowsKeras() {
        assertThat(Naming.snakeCase("MeanSquaredError")).isEqualTo("mean_squared_error");
        assertThat(Naming.snakeCase("AUC")).isEqualTo("auc");
        assertThat(Naming.snakeCase("R2Score")).isEqualTo("r2_score");
        assertThat(Naming.snakeCase("BinaryIoU")).isEqualTo("binary_io_u");
        assertThat(Naming.snakeCase("KLDivergence")).isEqualTo("kl_divergence");
        assertThat(Naming.snakeCase("Conv2D")).isEqualTo("conv2d");
        assertThat(Naming.snakeCase("MaxPooling2D")).isEqualTo("max_pooling2d");
        assertThat(Naming.snakeCase("GlobalAveragePooling1D")).isEqualTo("global_average_pooling1d");
    }

    @Test
    void uniqueNamesCountPerPrefix() {
        String p = "util_test_prefix";
        assertThat(Naming.uniqueName(p)).isEqualTo(p);
        assertThat(Naming.uniqueName(p)).isEqualTo(p + "_1");
        assertThat(Naming.uniqueName(p)).isEqualTo(p + "_2");
    }

    @Test
    void closestNamesByEditDistance() {
        assertThat(Naming.closest("mse2", List.of("mse", "mae", "hinge", "msle"), 2)).containsExactly("mse", "mae");
        assertThat(Naming.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void registryResolvesStringsMapsAndInstances() {
        Registry<Thing> r = registry();
        assertThat(r.get("BigThing")).isEqualTo(new Thing("big", 10));
        assertThat(r.get("BT")).isEqualTo(new Thing("big", 10));
        assertThat(r.get(Map.of("class_name", "big_thing", "config", Map.of("size", 3)))).isEqualTo(new Thing("big", 3));
        assertThat(r.get(Map.of("class_name", "SmallThing"))).isEqualTo(new Thing("small", 1));
        Thing t = new Thing("x", 0);
        assertThat(r.get(t)).isSameAs(t);
    }

    @Test
    void unknownNamesListTheClosest() {
        assertThatThrownBy(() -> registry().get("BigThin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown thing: 'BigThin'")
                .hasMessageContaining("'BigThing'");
        assertThatThrownBy(() -> registry().get(42)).hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> registry().get(Map.of("config", Map.of()))).hasMessageContaining("class_name");
        assertThatThrownBy(() -> registry().get(null)).hasMessageContaining("must not be null");
    }

    @Test
    void usersRegisterButCannotShadowBuiltins() {
        Registry<Thing> r = registry();
        r.register("Mine", c -> new Thing("mine", 2));
        r.register("Mine", c -> new Thing("mine", 3)); // re-registration replaces
        assertThat(r.get("Mine").size()).isEqualTo(3);
        assertThatThrownBy(() -> r.register("BT", c -> new Thing("x", 0))).hasMessageContaining("built-in");
        // registered_name wins when known (Keras 3 custom objects)
        assertThat(r.get(Map.of("class_name", "Whatever", "registered_name", "Mine"))).isEqualTo(new Thing("mine", 3));
    }

    @Test
    void configReaderCoercesJsonNumbersAndReportsTypes() {
        Map<String, Object> c = Config.of("a", 1, "b", 2.0, "c", 3L, "flag", true, "list", List.of(1, 0.5), "s", "x");
        Config.Reader r = Config.read("Thing", c);
        assertThat(r.getDouble("a", 0)).isEqualTo(1.0);
        assertThat(r.getInt("b", 0)).isEqualTo(2);
        assertThat(r.getLong("c", 0)).isEqualTo(3L);
        assertThat(r.getBoolean("flag", false)).isTrue();
        assertThat(r.getDoubles("list")).containsExactly(1.0, 0.5);
        assertThat(r.getString("missing", "dflt")).isEqualTo("dflt");
        assertThatThrownBy(() -> r.done()).hasMessageContaining("unknown config key [s]");
        assertThatThrownBy(() -> Config.read("Thing", Map.of("k", 1.5)).getInt("k", 0))
                .hasMessageContaining("Thing: config key 'k' must be an integer, got 1.5");
        assertThatThrownBy(() -> Config.read("Thing", Map.of("k", "no")).getDouble("k", 0))
                .hasMessageContaining("'k' must be a number, got 'no' (String)");
        assertThat(Config.with(Config.of("x", 1), "y", 2).keySet()).containsExactly("x", "y");
        assertThat(Config.clean(0.1f)).isEqualTo(0.1);
    }

    @Test
    void checksNameTheArgument() {
        assertThatThrownBy(() -> Check.positive("delta", -1)).hasMessage("delta must be > 0, got -1.0");
        assertThatThrownBy(() -> Check.inRange("label_smoothing", 1.5, 0, 1))
                .hasMessage("label_smoothing must be in [0.0, 1.0], got 1.5");
        assertThatThrownBy(() -> Check.oneOf("reduction", "avg", "sum", "none"))
                .hasMessage("reduction must be one of [sum, none], got 'avg'");
        assertThatThrownBy(() -> Check.atLeast("k", 0, 1)).hasMessage("k must be >= 1, got 0");
        assertThat(Check.nonNegative("x", 0)).isZero();
    }
}
