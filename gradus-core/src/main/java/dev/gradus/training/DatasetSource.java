package dev.gradus.training;

import dev.gradus.data.Batch;
import dev.gradus.data.Dataset;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Batches from a {@link Dataset} (already batched, as Keras expects of a {@code tf.data} dataset).
 * Each pass is a new iteration of the dataset, so a shuffled dataset gives a new order each epoch;
 * class weights, when given, become each batch's sample weights.
 */
final class DatasetSource implements BatchSource {
    private final Dataset dataset;
    private final Map<Integer, Double> classWeight;
    private final String what;

    DatasetSource(Dataset dataset, Map<Integer, Double> classWeight, String what) {
        this.dataset = Check.notNull(what, dataset);
        this.classWeight = classWeight;
        this.what = what;
    }

    @Override
    public Integer numBatches() {
        long c = dataset.cardinality();
        return c >= 0 && c <= Integer.MAX_VALUE ? (int) c : null;
    }

    @Override
    public Iterator<Batch> pass() {
        Iterator<Batch> in = dataset.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                Batch b = in.next();
                if (b.inputs().get(0).rank() == 0) throw new IllegalArgumentException(what
                        + ": the dataset yields unbatched scalars; call batch(n) on it first");
                if (classWeight == null) return b;
                if (b.targets().size() != 1) throw new IllegalArgumentException(
                        "`class_weight` is only supported for Models with a single output, got " + b.targets().size() + " targets");
                if (b.sampleWeight() != null) throw new IllegalArgumentException(
                        "You cannot `class_weight` and `sample_weight` at the same time.");
                Tensor sw = TrainingData.classWeightToSampleWeights(b.y(), classWeight);
                return new Batch(b.inputs(), b.targets(), sw);
            }
        };
    }
}
