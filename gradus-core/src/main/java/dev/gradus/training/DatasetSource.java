package dev.gradus.training;

import dev.gradus.data.Batch;
import dev.gradus.data.Dataset;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.models.Model;
import java.util.Iterator;
import java.util.List;
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
    /** The model's input and output names, which dict-structured elements are matched to (outputs null: targets unused). */
    private final List<String> inputNames, outputNames;

    DatasetSource(Dataset dataset, Map<Integer, Double> classWeight, String what, List<String> inputNames, List<String> outputNames) {
        this.dataset = Check.notNull(what, dataset);
        this.classWeight = classWeight;
        this.what = what;
        this.inputNames = inputNames;
        this.outputNames = outputNames;
    }

    /** The batches of {@code dataset} for {@code model}: named elements are put in its input and output order. */
    static DatasetSource of(Dataset dataset, Map<Integer, Double> classWeight, String what, Model model) {
        return new DatasetSource(dataset, classWeight, what, model.inputNames(), model.outputNames());
    }

    @Override
    public Integer numBatches() {
        long c = dataset.cardinality();
        return c >= 0 && c <= Integer.MAX_VALUE ? (int) c : null;
    }

    @Override
    public Iterator<Batch> pass(boolean recordRows) {
        Iterator<Batch> in = dataset.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                Batch b = in.next().aligned(inputNames, outputNames);
                if (b.inputs().get(0).rank() == 0) throw new IllegalArgumentException(what
                        + ": the dataset yields unbatched scalars; call batch(n) on it first");
                if (classWeight == null) return b;
                if (b.targets().size() != 1) throw new IllegalArgumentException(
                        "`class_weight` is only supported for Models with a single output, got " + b.targets().size() + " targets");
                if (b.sampleWeight() != null) throw new IllegalArgumentException(
                        "You cannot `class_weight` and `sample_weight` at the same time.");
                Tensor sw = TrainingData.classWeightToSampleWeights(b.y(), classWeight);
                return b.withTensors(b.inputs(), b.targets(), sw);
            }
        };
    }
}
