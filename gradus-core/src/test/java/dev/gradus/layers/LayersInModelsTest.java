package dev.gradus.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.callbacks.History;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.models.Model;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The built-in layers inside models trained with fit: they build, train, update their state and serialize. */
class LayersInModelsTest {

    /** 8x8 images with a bright 2x2 blob in the left (class 0) or right (class 1) half, on noise. */
    static Tensor[] blobs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 64];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 64; p++) x[i * 64 + p] = (float) (0.2 * r.nextDouble());
            int cls = r.nextInt(2);
            int row = r.nextInt(7), col = (cls == 0 ? 0 : 4) + r.nextInt(3);
            for (int dr = 0; dr < 2; dr++) for (int dc = 0; dc < 2; dc++) x[i * 64 + (row + dr) * 8 + col + dc] = 1;
            y[i] = cls;
        }
        return new Tensor[] {Tensor.of(x, n, 8, 8, 1), Tensor.of(y, n)};
    }

    @Test
    void smallConvnetWithBatchNormAndDropoutLearns() {
        Tensor[] train = blobs(256, 1);
        BatchNormalization bn = new BatchNormalization();
        Sequential m = new Sequential(List.of(Input.of(8, 8, 1),
                new Conv2D(4, 3).activation("relu").kernelInitializer(new GlorotUniform().seed(1)),
                bn,
                new MaxPooling2D(),
                new Dropout(0.1).seed(2),
                new Flatten(),
                new Dense(2).activation("softmax").kernelInitializer(new GlorotUniform().seed(3))));
        m.compile(new Adam(0.01), "sparse_categorical_crossentropy", List.of("accuracy"));
        History h = m.fit(train[0], train[1], new FitOptions().epochs(12).batchSize(32).verbose(0).seed(4));
        List<Double> loss = h.get("loss");
        assertThat(loss.get(loss.size() - 1)).isLessThan(loss.get(0) / 3);
        Tensor[] test = blobs(128, 99);
        assertThat(m.evaluate(test[0], test[1], new EvaluateOptions().verbose(0)).get("accuracy")).isGreaterThan(0.95);
        // the moving statistics moved away from their initial 0 and 1
        for (float v : bn.movingMean().value().toFloatArray()) assertThat(v).isNotEqualTo(0f);
        assertThat(m.countParams()).isEqualTo(40 + 16 + 74); // conv 3*3*1*4 + 4, BN 4*4, dense 36*2 + 2
    }

    @Test
    void functionalModelWithEmbeddingAndMerges() {
        // label: does token 1 occur in the sequence? plus a numeric side input that is ignored by the label
        SplittableRandom r = new SplittableRandom(5);
        int n = 256, steps = 6;
        float[] ids = new float[n * steps], side = new float[n * 2], y = new float[n];
        for (int i = 0; i < n; i++) {
            boolean has = r.nextBoolean();
            for (int t = 0; t < steps; t++) ids[i * steps + t] = 2 + r.nextInt(8);
            if (has) ids[i * steps + r.nextInt(steps)] = 1;
            side[i * 2] = (float) r.nextGaussian();
            side[i * 2 + 1] = (float) r.nextGaussian();
            y[i] = has ? 1 : 0;
        }
        KerasTensor tokens = Input.of(steps);
        KerasTensor extra = Input.of(2);
        KerasTensor e = new Embedding(10, 8).embeddingsInitializer(new dev.gradus.initializers.RandomUniform().seed(6)).apply(tokens);
        KerasTensor pooled = new GlobalMaxPooling1D().apply(e);
        KerasTensor normed = new LayerNormalization().apply(new Concatenate().applySymbolic(List.of(pooled, extra)));
        KerasTensor out = new Dense(1).activation("sigmoid").kernelInitializer(new GlorotUniform().seed(7)).apply(normed);
        Model m = Model.of(List.of(tokens, extra), List.of(out));
        m.compile(new Adam(0.02), "binary_crossentropy", List.of("accuracy"));
        History h = m.fit(List.of(Tensor.of(ids, n, steps), Tensor.of(side, n, 2)), List.of(Tensor.of(y, n, 1)),
                new FitOptions().epochs(25).batchSize(32).verbose(0).seed(8));
        List<Double> acc = h.get("accuracy");
        assertThat(acc.get(acc.size() - 1)).isGreaterThan(0.95);
    }
}
