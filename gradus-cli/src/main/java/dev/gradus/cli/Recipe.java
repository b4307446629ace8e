package dev.gradus.cli;

import dev.gradus.layers.Conv2D;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Dropout;
import dev.gradus.layers.Flatten;
import dev.gradus.layers.Input;
import dev.gradus.layers.LSTM;
import dev.gradus.layers.Layer;
import dev.gradus.layers.MaxPooling2D;
import dev.gradus.layers.Normalization;
import dev.gradus.layers.Rescaling;
import dev.gradus.layers.Reshape;
import dev.gradus.models.Sequential;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The built-in models that {@code gradus fit} can train when MODEL is a name rather than a file:
 * the Keras-tutorial shapes for tabular data, images and sequences, sized from the data (input
 * shape, class count) and from {@code --units}/{@code --filters}. Inputs are scaled inside the
 * model (a {@code Normalization} adapted to the training data, or a {@code Rescaling}), so the saved
 * {@code .keras} file takes raw data, as the training did. The layers are named here
 * ({@code hidden_1}, {@code conv_1}, {@code output}, ...), not by the per-JVM counters, so the same
 * command writes the same file whatever ran before it in the JVM.
 */
enum Recipe {
    /** Flatten, Normalization, Dense(relu) per {@code --units}, Dropout, the output layer. */
    mlp(List.of(128, 64)),
    /** Rescaling to [0, 1], then Conv2D(3x3, relu) + MaxPooling2D per {@code --filters}, Flatten, Dropout, the output layer. */
    cnn(List.of(16, 32)),
    /** Normalization, LSTM per {@code --units} (all but the last return sequences), the output layer. */
    lstm(List.of(64));

    final List<Integer> defaultSizes;

    Recipe(List<Integer> defaultSizes) {
        this.defaultSizes = defaultSizes;
    }

    static Recipe find(String name) {
        for (Recipe r : values()) if (r.name().equalsIgnoreCase(name)) return r;
        return null;
    }

    /** The training samples' shape decides the input; {@code outputs} units (softmax when {@code classes}). */
    Sequential build(Tensor x, List<Integer> sizes, double dropout, int outputs, boolean classes) {
        int[] sample = Arrays.copyOfRange(x.shape().dims(), 1, x.rank());
        List<Object> layers = new ArrayList<>();
        layers.add(Input.of("input", sample));
        switch (this) {
            case mlp -> {
                if (sample.length > 1) layers.add(new Flatten().name("flatten"));
                int features = 1;
                for (int d : sample) features *= d;
                layers.add(new Normalization().name("normalization").adapt(x.reshape(x.dim(0), features)));
                for (int i = 0; i < sizes.size(); i++) layers.add(new Dense(sizes.get(i)).activation("relu").name("hidden_" + (i + 1)));
                if (dropout > 0) layers.add(new Dropout(dropout).name("dropout"));
            }
            case cnn -> {
                if (sample.length == 2) layers.add(new Reshape(sample[0], sample[1], 1).name("reshape"));
                else if (sample.length != 3) throw new IllegalArgumentException("MODEL cnn: expected images, samples of shape"
                        + " (height, width) or (height, width, channels), got samples of shape " + dev.gradus.tensor.Shape.format(sample));
                layers.add(new Rescaling(1.0 / Math.max(1e-12, maxAbs(x))).name("rescaling"));
                int h = sample[0], w = sample[1];
                for (int i = 0; i < sizes.size(); i++) {
                    layers.add(new Conv2D(sizes.get(i), 3, 3).activation("relu").padding("same").name("conv_" + (i + 1)));
                    if (h >= 2 && w >= 2) {
                        layers.add(new MaxPooling2D(2, 2).name("pool_" + (i + 1)));
                        h /= 2;
                        w /= 2;
                    }
                }
                layers.add(new Flatten().name("flatten"));
                if (dropout > 0) layers.add(new Dropout(dropout).name("dropout"));
            }
            case lstm -> {
                if (sample.length == 1) layers.add(new Reshape(sample[0], 1).name("reshape"));
                else if (sample.length != 2) throw new IllegalArgumentException("MODEL lstm: expected sequences, samples of shape"
                        + " (timesteps,) or (timesteps, features), got samples of shape " + dev.gradus.tensor.Shape.format(sample));
                int steps = sample[0], features = sample.length == 2 ? sample[1] : 1;
                layers.add(new Normalization().name("normalization").adapt(x.reshape(x.dim(0), steps, features)));
                for (int i = 0; i < sizes.size(); i++) layers.add(new LSTM(sizes.get(i)).returnSequences(i < sizes.size() - 1).name("lstm_" + (i + 1)));
                if (dropout > 0) layers.add(new Dropout(dropout).name("dropout"));
            }
        }
        Layer out = new Dense(outputs).activation(classes ? "softmax" : "linear").name("output");
        layers.add(out);
        Sequential model = new Sequential(layers);
        model.name(name() + "_recipe");
        return model;
    }

    private static double maxAbs(Tensor x) {
        double m = 0;
        for (float v : x.toFloatArray()) m = Math.max(m, Math.abs(v));
        return m;
    }
}
