package dev.gradus.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitializersTest {

    static double mean(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s / a.length;
    }

    static double std(float[] a) {
        double m = mean(a), s = 0;
        for (float v : a) s += (v - m) * (v - m);
        return Math.sqrt(s / a.length);
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void constantInitializers() {
        assertThat(Initializers.get("zeros").apply(Shape.of(2, 3))).isEqualTo(Tensor.zeros(2, 3));
        assertThat(Initializers.get("ones").apply(Shape.of(4))).isEqualTo(Tensor.ones(4));
        assertThat(new Constant(2.5).apply(Shape.of(2, 2))).isEqualTo(Tensor.full(2.5, 2, 2));
        assertThat(new Identity().gain(3).apply(Shape.of(2, 3)))
                .isEqualTo(Tensor.of(new double[][] {{3, 0, 0}, {0, 3, 0}}));
    }

    @Test
    void fansFollowKeras() {
        assertThat(Initializers.computeFans(Shape.scalar())).containsExactly(1, 1);
        assertThat(Initializers.computeFans(Shape.of(7))).containsExactly(7, 7);
        assertThat(Initializers.computeFans(Shape.of(784, 512))).containsExactly(784, 512);
        // Conv2D kernel (3, 3, 16, 32): receptive field 9
        assertThat(Initializers.computeFans(Shape.of(3, 3, 16, 32))).containsExactly(144, 288);
    }

    @Test
    void randomInitializersHaveTheirDistributions() {
        Shape big = Shape.of(200, 300);
        float[] n = new RandomNormal().mean(1).stddev(2).seed(1).apply(big).toFloatArray();
        assertThat(mean(n)).isCloseTo(1, within(0.03));
        assertThat(std(n)).isCloseTo(2, within(0.03));
        float[] u = new RandomUniform().minval(-3).maxval(1).seed(2).apply(big).toFloatArray();
        assertThat(mean(u)).isCloseTo(-1, within(0.02));
        for (float v : u) assertThat(v).isBetween(-3f, 1f);
        float[] t = new TruncatedNormal().stddev(0.5).seed(3).apply(big).toFloatArray();
        assertThat(maxAbs(t)).isLessThanOrEqualTo(1.0).isGreaterThan(0.99);
        assertThat(std(t)).isCloseTo(0.5 * 0.87962566, within(0.005));
    }

    @Test
    void varianceScalingFamilyUsesKerasScales() {
        Shape kernel = Shape.of(400, 200);
        // Glorot uniform: limit sqrt(6 / (400 + 200)) = 0.1
        float[] gu = new GlorotUniform().seed(4).apply(kernel).toFloatArray();
        assertThat(maxAbs(gu)).isLessThanOrEqualTo(0.1).isGreaterThan(0.0999);
        assertThat(std(gu)).isCloseTo(0.1 / Math.sqrt(3), within(5e-4));
        // truncated normals are scaled so that the std after truncation is sqrt(scale / n)
        assertThat(std(new HeNormal().seed(5).apply(kernel).toFloatArray())).isCloseTo(Math.sqrt(2.0 / 400), within(5e-4));
        assertThat(std(new LecunNormal().seed(6).apply(kernel).toFloatArray())).isCloseTo(Math.sqrt(1.0 / 400), within(3e-4));
        assertThat(std(new GlorotNormal().seed(7).apply(kernel).toFloatArray())).isCloseTo(Math.sqrt(2.0 / 600), within(3e-4));
        assertThat(maxAbs(new HeUniform().seed(8).apply(kernel).toFloatArray())).isLessThanOrEqualTo(Math.sqrt(6.0 / 400));
        assertThat(maxAbs(new LecunUniform().seed(9).apply(kernel).toFloatArray())).isLessThanOrEqualTo(Math.sqrt(3.0 / 400));
        VarianceScaling vs = new VarianceScaling().scale(3).mode("fan_out").distribution("untruncated_normal").seed(10);
        assertThat(std(vs.apply(kernel).toFloatArray())).isCloseTo(Math.sqrt(3.0 / 200), within(1e-3));
        // "normal" is Keras's old name for the truncated distribution
        assertThat(new VarianceScaling().distribution("normal").getConfig().get("distribution")).isEqualTo("truncated_normal");
    }

    @Test
    void seedsMakeValuesReproducible() {
        Shape s = Shape.of(5, 6);
        assertThat(new GlorotUniform().seed(42).apply(s)).isEqualTo(new GlorotUniform().seed(42).apply(s));
        assertThat(new GlorotUniform().seed(42).apply(s)).isNotEqualTo(new GlorotUniform().seed(43).apply(s));
        // as in Keras, one unseeded instance repeats itself; a new instance from a string does not
        Initializer unseeded = Initializers.get("random_normal");
        assertThat(unseeded.apply(s)).isEqualTo(unseeded.apply(s));
        assertThat(Initializers.get("random_normal").apply(s)).isNotEqualTo(Initializers.get("random_normal").apply(s));
    }

    @Test
    void orthogonalGivesOrthonormalColumnsOrRows() {
        Tensor tall = new Orthogonal().seed(1).apply(Shape.of(6, 4));
        assertThat(tall.transpose().matmul(tall).allClose(Tensor.eye(4), 0, 1e-5)).isTrue();
        Tensor wide = new Orthogonal().gain(2).seed(2).apply(Shape.of(3, 5));
        assertThat(wide.matmul(wide.transpose()).allClose(Tensor.eye(3).mul(4), 0, 1e-5)).isTrue();
        Tensor conv = new Orthogonal().seed(3).apply(Shape.of(2, 2, 3, 4)); // (12, 4) matrix
        Tensor m = conv.reshape(12, 4);
        assertThat(m.transpose().matmul(m).allClose(Tensor.eye(4), 0, 1e-5)).isTrue();
    }

    @Test
    void configsRoundTripThroughTheRegistry() {
        Initializer[] all = {new Zeros(), new Ones(), new Constant(0.3), new Identity().gain(2),
                new RandomNormal().mean(0.5).stddev(2).seed(1), new RandomUniform().minval(-1).maxval(2),
                new TruncatedNormal().seed(3), new VarianceScaling().scale(2).mode("fan_avg").distribution("uniform").seed(9),
                new GlorotUniform(), new GlorotNormal().seed(1), new HeUniform().seed(2), new HeNormal(),
                new LecunUniform(), new LecunNormal().seed(5), new Orthogonal().gain(1.5).seed(6)};
        for (Initializer i : all) {
            Map<String, Object> s = Initializers.serialize(i);
            assertThat(s.get("class_name")).isEqualTo(i.getClass().getSimpleName());
            assertThat(Initializers.get(s)).as(s.toString()).isEqualTo(i);
        }
        assertThat(new GlorotUniform().seed(3).getConfig()).isEqualTo(Map.of("seed", 3L));
        Map<String, Object> normal = new RandomNormal().getConfig();
        assertThat(normal.keySet()).containsExactly("seed", "mean", "stddev");
        assertThat(normal.get("seed")).isNull();
        assertThat(normal.get("stddev")).isEqualTo(0.05);
        assertThat(new VarianceScaling().getConfig().keySet()).containsExactly("seed", "scale", "mode", "distribution");
    }

    @Test
    void everyKerasNameResolves() {
        String[][] names = {{"zeros", "Zeros"}, {"zero", "Zeros"}, {"ones", "Ones"}, {"one", "Ones"}, {"constant", "Constant"},
                {"identity", "Identity"}, {"random_normal", "RandomNormal"}, {"normal", "RandomNormal"},
                {"random_uniform", "RandomUniform"}, {"uniform", "RandomUniform"}, {"truncated_normal", "TruncatedNormal"},
                {"variance_scaling", "VarianceScaling"}, {"glorot_uniform", "GlorotUniform"}, {"glorot_normal", "GlorotNormal"},
                {"he_uniform", "HeUniform"}, {"he_normal", "HeNormal"}, {"lecun_uniform", "LecunUniform"},
                {"lecun_normal", "LecunNormal"}, {"orthogonal", "Orthogonal"}, {"OrthogonalInitializer", "Orthogonal"},
                {"GlorotUniform", "GlorotUniform"}};
        for (String[] n : names) assertThat(Initializers.get(n[0]).getClass().getSimpleName()).as(n[0]).isEqualTo(n[1]);
        assertThat(Initializers.get(null)).isNull();
        Initializer lambda = shape -> Tensor.full(7, shape);
        assertThat(Initializers.get(lambda)).isSameAs(lambda);
    }

    @Test
    void usersRegisterTheirOwnInitializers() {
        Initializers.register("TestSevens", Sevens.class, c -> new Sevens());
        assertThat(Initializers.get("TestSevens").apply(Shape.of(2))).isEqualTo(Tensor.full(7, 2));
        assertThat(Initializers.serialize(new Sevens()).get("class_name")).isEqualTo("Sevens");
        assertThat(Initializers.serialize(new Sevens()).get("registered_name")).isEqualTo("TestSevens");
        assertThat(Initializers.get(Initializers.serialize(new Sevens()))).isInstanceOf(Sevens.class);
        Initializer lambda = shape -> Tensor.zeros(shape);
        assertThatThrownBy(() -> Initializers.serialize(lambda)).hasMessageContaining("register");
    }

    static final class Sevens extends BaseInitializer {
        @Override
        protected Tensor generate(Shape shape) {
            return Tensor.full(7, shape);
        }
    }

    @Test
    void badInputFailsClearly() {
        assertThatThrownBy(() -> Initializers.get("glorot_unifrom")).hasMessageContaining("Unknown initializer: 'glorot_unifrom'")
                .hasMessageContaining("'glorot_uniform'");
        assertThatThrownBy(() -> new VarianceScaling().mode("fan_sum")).hasMessageContaining("mode must be one of [fan_in, fan_out, fan_avg], got 'fan_sum'");
        assertThatThrownBy(() -> new VarianceScaling().scale(0)).hasMessageContaining("scale must be > 0, got 0.0");
        assertThatThrownBy(() -> new VarianceScaling().distribution("gamma")).hasMessageContaining("distribution must be one of");
        assertThatThrownBy(() -> new RandomNormal().stddev(-1)).hasMessageContaining("stddev must be >= 0, got -1.0");
        assertThatThrownBy(() -> new RandomUniform().minval(1).maxval(0).apply(Shape.of(2))).hasMessageContaining("minval <= maxval");
        assertThatThrownBy(() -> new Identity().apply(Shape.of(2, 2, 2))).hasMessageContaining("2D").hasMessageContaining("(2, 2, 2)");
        assertThatThrownBy(() -> new Orthogonal().apply(Shape.of(5))).hasMessageContaining("at least two-dimensional");
        assertThatThrownBy(() -> new GlorotUniform().scale(2)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("GlorotUniform has a fixed scale");
        assertThatThrownBy(() -> Initializers.get(Map.of("class_name", "RandomNormal", "config", Map.of("stdev", 1))))
                .hasMessageContaining("unknown config key [stdev]");
        assertThatThrownBy(() -> new Zeros().apply(null)).hasMessageContaining("shape must not be null");
    }
}
