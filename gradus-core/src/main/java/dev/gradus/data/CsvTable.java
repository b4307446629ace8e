package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * A CSV file read by {@link CsvReader}: the feature matrix {@code x} {@code (rows, features)}, the
 * label column {@code y} {@code (rows,)} (null without a label column), the feature columns' names
 * (empty when the file has no usable header) and, when the labels were text, the class names in
 * the order of their indices in {@code y} (sorted, as scikit-learn's LabelEncoder numbers them).
 */
public record CsvTable(Tensor x, Tensor y, List<String> featureNames, List<String> classNames) {
    public CsvTable {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
    }

    public int rows() {
        return x.dim(0);
    }

    /** The rows as a dataset of {@code (x, y)} pairs, or of {@code x} alone without labels. */
    public Dataset dataset() {
        return y == null ? Dataset.fromTensors(x) : Dataset.fromTensors(x, y);
    }
}
