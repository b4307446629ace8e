package dev.gradus.training;

import dev.gradus.autodiff.Variable;
import dev.gradus.metrics.Metric;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.Map;

/**
 * Keras's {@code Mean(name="loss")} loss tracker (and the per-output {@code <name>_loss} trackers):
 * a float32 weighted mean of the batches' scalar losses, each weighted by the batch size.
 */
final class LossMean extends Metric {
    private final Variable total;
    private final Variable count;

    LossMean(String name) {
        super(name);
        total = addVariable("total", Shape.scalar());
        count = addVariable("count", Shape.scalar());
    }

    /** Adds a scalar loss with weight {@code weight} (the batch size). */
    void update(Tensor loss, double weight) {
        float[] t = total.writableStorage();
        t[0] += (float) (loss.item() * weight);
        float[] c = count.writableStorage();
        c[0] += (float) weight;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        update(yPred, sampleWeight == null ? 1 : sampleWeight.item());
    }

    @Override
    public Tensor result() {
        float c = count.value().item();
        return Tensor.scalar(c == 0 ? 0 : total.value().item() / c);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Map.of("name", name());
    }
}
