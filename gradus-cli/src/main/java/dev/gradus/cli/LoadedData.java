package dev.gradus.cli;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * What a DATA argument gave: the samples {@code x}, the labels {@code y} (null when the source has
 * none), the class names when the labels were text or folder names, and a held-out test split when
 * the source defines one (the named datasets, an {@code .npz} with {@code x_test}).
 */
record LoadedData(String name, Tensor x, Tensor y, List<String> classNames, Tensor xTest, Tensor yTest) {
    LoadedData {
        classNames = List.copyOf(classNames);
    }

    LoadedData(String name, Tensor x, Tensor y, List<String> classNames) {
        this(name, x, y, classNames, null, null);
    }

    boolean hasTest() {
        return xTest != null && yTest != null;
    }

    int rows() {
        return x.dim(0);
    }

    /** One sample's shape, as Keras prints it: {@code (8, 8)}. */
    String sampleShape() {
        int[] d = x.shape().dims();
        return Shape.format(java.util.Arrays.copyOfRange(d, 1, d.length));
    }

    /** The labels' class count when they are class indices 0..k-1 (integers), else 0. */
    int classCount() {
        if (y == null) return 0;
        if (!classNames.isEmpty()) return classNames.size();
        if (y.rank() > 2 || (y.rank() == 2 && y.dim(1) != 1)) return 0;
        int max = -1;
        for (float v : y.toFloatArray()) {
            if (v < 0 || v != Math.rint(v) || v > 10_000) return 0;
            max = Math.max(max, (int) v);
        }
        return max + 1;
    }

    /** The labels as a flat (n,) vector when they were (n, 1). */
    Tensor labels() {
        return y != null && y.rank() == 2 && y.dim(1) == 1 ? y.reshape(y.dim(0)) : y;
    }

    Tensor testLabels() {
        return yTest != null && yTest.rank() == 2 && yTest.dim(1) == 1 ? yTest.reshape(yTest.dim(0)) : yTest;
    }
}
