package dev.gradus.metrics;

import static dev.gradus.metrics.CoreAsserts.close;
import static dev.gradus.metrics.CoreAsserts.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A user's stateful metric in the Keras style: state in variables, a config, registered by name. */
class CoreUserMetricTest {
    /** The mean Huber loss of every element seen, keeping a weighted total and count. */
    public static final class HuberMetric extends Metric {
        private final double threshold;
        private final Variable total = addVariable("total", Shape.scalar());
        private final Variable count = addVariable("count", Shape.scalar());

        HuberMetric(double threshold) {
            super("huber_metric");
            this.threshold = Check.positive("HuberMetric: threshold", threshold);
        }

        @Override
        public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
            Tensor error = Ops.abs(Ops.sub(yPred, yTrue));
            Tensor quadratic = Ops.minimum(error, threshold);
            Tensor huber = Ops.add(Ops.mul(Ops.square(quadratic), 0.5), Ops.mul(Ops.sub(error, quadratic), threshold));
            Tensor w = sampleWeight == null ? Tensor.ones(yTrue.shape()) : Ops.broadcastTo(sampleWeight, yTrue.shape().dims());
            total.assignAdd(Ops.sum(Ops.mul(huber, w)));
            count.assignAdd(Ops.sum(w));
        }

        @Override
        public Tensor result() {
            return Ops.div(total.value(), count.value());
        }

        @Override
        public Direction direction() {
            return Direction.DOWN;
        }

        @Override
        public Map<String, Object> getConfig() {
            return Config.with(super.getConfig(), "threshold", threshold);
        }

        static HuberMetric fromConfig(Map<String, Object> config) {
            Config.Reader r = Config.read("HuberMetric", config);
            HuberMetric m = new HuberMetric(r.getDouble("threshold", 1.0));
            m.name(r.getString("name", m.name()));
            r.ignore("dtype").done();
            return m;
        }
    }

    @Test
    void huberMetricComputesTheMeanHuberLoss() {
        HuberMetric m = new HuberMetric(1.0);
        // errors 0.5 and 3: 0.125 and 3 - 0.5
        m.updateState(t(new double[] {0, 0}), t(new double[] {0.5, 3}));
        close(m.result(), (0.125 + 2.5) / 2);
        m.updateState(t(new double[] {1}), t(new double[] {1}), t(new double[] {2}));
        close(m.result(), (0.125 + 2.5) / 4);
        m.resetState();
        close(Ops.isNan(m.result()), 1);
    }

    @Test
    void huberMetricConfigRoundTrips() {
        Metrics.register("HuberMetric", HuberMetric::fromConfig);
        HuberMetric m = new HuberMetric(2.5);
        m.name("robust");
        Metric back = Metrics.get(Metrics.serialize(m));
        assertThat(back).isInstanceOf(HuberMetric.class);
        assertThat(back.getConfig()).isEqualTo(m.getConfig()).containsEntry("threshold", 2.5).containsEntry("name", "robust");
        assertThat(Metrics.get("HuberMetric").getConfig()).containsEntry("threshold", 1.0);
    }

    @Test
    void huberMetricShardsMergeToTheSinglePassResult() {
        Random rnd = new Random(3);
        float[] yt = new float[90], yp = new float[90];
        for (int i = 0; i < 90; i++) {
            yt[i] = (float) rnd.nextGaussian();
            yp[i] = yt[i] + 2 * (float) rnd.nextGaussian();
        }
        Tensor t = Tensor.of(yt, 90), p = Tensor.of(yp, 90);
        HuberMetric single = new HuberMetric(1.0);
        single.updateState(t, p);
        HuberMetric merged = new HuberMetric(1.0);
        for (int s = 0; s < 3; s++) {
            HuberMetric shard = new HuberMetric(1.0);
            shard.updateState(Ops.slice(t, 0, 30 * s, 30 * s + 30), Ops.slice(p, 0, 30 * s, 30 * s + 30));
            merged.merge(shard);
        }
        CoreAsserts.relClose(merged.result(), single.result(), 1e-6);
    }
}
