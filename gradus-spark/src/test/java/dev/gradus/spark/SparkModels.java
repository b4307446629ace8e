package dev.gradus.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.autodiff.Variable;
import dev.gradus.callbacks.History;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.BatchNormalization;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Dropout;
import dev.gradus.layers.Input;
import dev.gradus.models.Model;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.Adam;
import dev.gradus.regularizers.L2;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** The tests' data and model: every part a replica must get right (L2 terms, BatchNormalization, seeded Dropout). */
final class SparkModels {
    private SparkModels() {}

    static final Tensor X = Tensor.randomUniform(Shape.of(203, 6), -1, 1, 11);
    /** Three classes from the sign pattern of the first two features. */
    static final Tensor Y = labels(X);

    static Tensor labels(Tensor x) {
        float[] v = x.toFloatArray();
        int d = x.dim(1);
        float[] y = new float[x.dim(0)];
        for (int i = 0; i < y.length; i++) y[i] = v[i * d] > 0 ? (v[i * d + 1] > 0 ? 2 : 1) : 0;
        return Tensor.of(y, y.length);
    }

    /** Dense with an L2 penalty, BatchNormalization, seeded Dropout, softmax; compiled with Adam and accuracy. */
    static Sequential mlp() {
        Sequential m = new Sequential(List.of(Input.of(6),
                new Dense(16).activation("relu").kernelInitializer(new GlorotUniform().seed(1)).kernelRegularizer(new L2(1e-3)),
                new BatchNormalization(),
                new Dropout(0.3).seed(7),
                new Dense(3).activation("softmax").kernelInitializer(new GlorotUniform().seed(2))));
        m.compile(new Adam(0.01), "sparse_categorical_crossentropy", List.of("accuracy"));
        return m;
    }

    static List<float[]> weights(Model m) {
        List<float[]> w = new ArrayList<>();
        for (Variable v : m.weights()) w.add(v.value().toFloatArray());
        return w;
    }

    static void assertSameBits(Model a, Model b) {
        List<float[]> wa = weights(a), wb = weights(b);
        assertThat(wa).hasSameSizeAs(wb);
        for (int i = 0; i < wa.size(); i++) assertThat(wa.get(i)).as("weight %d (%s)", i, a.weights().get(i).name()).isEqualTo(wb.get(i));
    }

    static void assertSameHistory(History a, History b) {
        assertThat(a.history()).isEqualTo(b.history());
    }
}
