package dev.gradus.losses;

import static dev.gradus.losses.LossAssert.assertScalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user's own losses in the three forms: a lambda, a Loss subclass, a registered class whose config round-trips. */
class CustomLossTest {
    static final double EPS = 1e-7;

    /** Focal loss written by hand, as a user would. */
    static Tensor focal(Tensor yTrue, Tensor yPred, double gamma, double alpha) {
        Tensor p = Ops.clip(yPred, EPS, 1 - EPS);
        Tensor one = Tensor.scalar(1);
        Tensor bce = Ops.neg(Ops.add(Ops.mul(yTrue, Ops.log(p)), Ops.mul(Ops.sub(one, yTrue), Ops.log(Ops.sub(one, p)))));
        Tensor pt = Ops.add(Ops.mul(yTrue, p), Ops.mul(Ops.sub(one, yTrue), Ops.sub(one, p)));
        Tensor weight = Ops.add(Ops.mul(yTrue, alpha), Ops.mul(Ops.sub(one, yTrue), 1 - alpha));
        return Ops.mean(Ops.mul(Ops.mul(weight, Ops.pow(Ops.sub(one, pt), gamma)), bce), -1);
    }

    /** The same focal loss as a Loss subclass with Keras-style arguments. */
    static final class FocalLoss extends Loss {
        private double gamma = 2.0;
        private double alpha = 0.25;

        FocalLoss() {
            super("focal_loss");
        }

        FocalLoss gamma(double gamma) {
            this.gamma = Check.nonNegative("gamma", gamma);
            return this;
        }

        FocalLoss alpha(double alpha) {
            this.alpha = Check.inRange("alpha", alpha, 0, 1);
            return this;
        }

        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            return focal(yTrue, yPred, gamma, alpha);
        }

        @Override
        public Map<String, Object> getConfig() {
            return Config.with(super.getConfig(), "gamma", gamma, "alpha", alpha);
        }
    }

    /** The Keras guide's HuberLoss with a threshold argument. */
    static final class ThresholdHuber extends Loss {
        private double threshold = 1.0;

        ThresholdHuber() {
            super(null);
        }

        ThresholdHuber threshold(double threshold) {
            this.threshold = Check.positive("threshold", threshold);
            return this;
        }

        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            Tensor error = Ops.sub(yTrue, yPred);
            Tensor small = Ops.less(Ops.abs(error), Tensor.scalar(threshold));
            Tensor squared = Ops.mul(Ops.square(error), 0.5);
            Tensor linear = Ops.sub(Ops.mul(Ops.abs(error), threshold), threshold * threshold / 2);
            return Ops.mean(Ops.where(small, squared, linear), -1);
        }

        @Override
        public Map<String, Object> getConfig() {
            return Config.with(super.getConfig(), "threshold", threshold);
        }

        static ThresholdHuber fromConfig(Map<String, Object> config) {
            Config.Reader r = Config.read("ThresholdHuber", config);
            return fromBaseConfig(new ThresholdHuber().threshold(r.getDouble("threshold", 1.0)), config, r);
        }
    }

    static Tensor labels(long seed) {
        float[] u = Tensor.randomUniform(seed, 16, 5).toFloatArray();
        for (int i = 0; i < u.length; i++) u[i] = u[i] < 0.3 ? 1 : 0;
        return Tensor.of(u, 16, 5);
    }

    @Test
    void focalLossAsLambdaAndAsSubclassEqualsBinaryFocalCrossentropyWithBalancing() {
        Tensor yt = labels(1);
        Tensor yp = Tensor.randomUniform(Shape.of(16, 5), 0.01, 0.99, 2);
        Tensor w = Tensor.randomUniform(Shape.of(16), 0, 2, 3);
        Loss keras = new BinaryFocalCrossentropy().applyClassBalancing(true).gamma(3).alpha(0.4);
        Loss lambda = Losses.get((LossFunction) (a, b) -> focal(a, b, 3, 0.4));
        Loss subclass = new FocalLoss().gamma(3).alpha(0.4);
        for (Loss mine : new Loss[] {lambda, subclass}) {
            assertScalar(mine.call(yt, yp), 1e-6, keras.call(yt, yp).item());
            assertScalar(mine.call(yt, yp, w), 1e-6, keras.call(yt, yp, w).item());
            assertThat(mine.reduction("none").call(yt, yp).allClose(keras.reduction("none").call(yt, yp), 1e-5, 1e-6)).isTrue();
            keras.reduction("sum_over_batch_size");
        }
        // and the gradients agree
        Tensor g1, g2;
        try (GradientTape tape = new GradientTape(true)) {
            tape.watch(yp);
            Tensor a = subclass.reduction("sum").call(yt, yp);
            Tensor b = keras.reduction("sum").call(yt, yp);
            g1 = tape.gradient(a, yp);
            g2 = tape.gradient(b, yp);
        }
        assertThat(g1.allClose(g2, 1e-4, 1e-6)).isTrue();
        assertThat(subclass.getConfig()).containsEntry("gamma", 3.0).containsEntry("alpha", 0.4).containsEntry("name", "focal_loss");
    }

    @Test
    void aRegisteredSubclassRoundTripsThroughLossesGet() {
        Losses.register("ThresholdHuber", ThresholdHuber.class, ThresholdHuber::fromConfig);
        ThresholdHuber loss = new ThresholdHuber().threshold(2.5);
        loss.reduction("sum");
        assertThat(loss.name()).startsWith("threshold_huber");
        Map<String, Object> serialized = Losses.serialize(loss);
        assertThat(serialized).containsEntry("class_name", "ThresholdHuber");
        assertThat(loss.getConfig()).containsEntry("threshold", 2.5);
        Loss back = Losses.get(serialized);
        assertThat(back).isInstanceOf(ThresholdHuber.class).isEqualTo(loss).isNotSameAs(loss);
        assertThat(Losses.get("ThresholdHuber")).isInstanceOf(ThresholdHuber.class);
        // same numbers as the built-in Huber with delta = threshold
        Tensor yt = Tensor.randomNormal(4, 6, 3).mul(3), yp = Tensor.randomNormal(5, 6, 3).mul(3);
        assertScalar(back.call(yt, yp), 1e-4, new Huber().delta(2.5).reduction("sum").call(yt, yp).item());
        // a user's name may be registered again; a built-in one may not
        Losses.register("ThresholdHuber", ThresholdHuber::fromConfig);
        assertThatThrownBy(() -> Losses.register("Huber", ThresholdHuber::fromConfig)).hasMessageContaining("built-in");
    }

    @Test
    void customNamesRoundTripThroughRegisteredName() {
        Losses.register("my_pkg>FocalLoss", FocalLoss.class, c -> {
            Config.Reader r = Config.read("FocalLoss", c);
            FocalLoss l = new FocalLoss().gamma(r.getDouble("gamma", 2)).alpha(r.getDouble("alpha", 0.25));
            return Loss.fromBaseConfig(l, c, r);
        });
        FocalLoss loss = new FocalLoss().gamma(1);
        Map<String, Object> serialized = Losses.serialize(loss);
        assertThat(serialized).containsEntry("class_name", "FocalLoss").containsEntry("registered_name", "my_pkg>FocalLoss");
        assertThat(Losses.get(serialized)).isEqualTo(loss);
    }
}
