package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.callbacks.History;
import dev.gradus.layers.Add;
import dev.gradus.layers.Bidirectional;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Embedding;
import dev.gradus.layers.GlobalAveragePooling1D;
import dev.gradus.layers.Input;
import dev.gradus.layers.KerasTensor;
import dev.gradus.layers.LSTM;
import dev.gradus.layers.LayerNormalization;
import dev.gradus.layers.MultiHeadAttention;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.util.Seeds;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sequence models as keras.io writes them, trained on generated data to a fixed accuracy (seeded, a few seconds each). */
class SequenceModelsIntegrationTest {
    @AfterEach
    void clearSeed() {
        Seeds.clearRandomSeed();
    }

    /**
     * Variable-length sequences of tokens 1..6 padded with 0 to 10 steps; the label is whether the last
     * real token is 1, 2 or 3. With the mask the backward LSTM starts at that token; the padding never
     * reaches the model.
     */
    @Test
    void maskedBidirectionalLstmLearnsFromTheLastRealToken() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 640, steps = 10;
        float[] ids = new float[n * steps], y = new float[n];
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(steps - 2);
            for (int t = 0; t < len; t++) ids[i * steps + t] = 1 + r.nextInt(6);
            y[i] = ids[i * steps + len - 1] <= 3 ? 1 : 0;
        }
        Seeds.setRandomSeed(7);
        Sequential model = new Sequential(List.of(Input.of(steps), new Embedding(7, 8).maskZero(true),
                new Bidirectional(new LSTM(8)), new Dense(1).activation("sigmoid")));
        model.compile(new Adam(0.01), "binary_crossentropy", List.of("accuracy"));
        Tensor x = Tensor.of(ids, n, steps), labels = Tensor.of(y, n, 1);
        History h = model.fit(x, labels, new FitOptions().epochs(6).batchSize(32).verbose(0).seed(5).validationSplit(0.25));
        assertThat(h.get("accuracy").get(0)).isLessThan(0.9);
        assertThat(h.get("val_accuracy").get(h.get("val_accuracy").size() - 1)).isGreaterThan(0.97);
        assertThat(model.countParams()).isEqualTo(7 * 8 + 2 * 4 * (8 * 8 + 8 * 8 + 8) + 17);
    }

    /**
     * A one-block transformer encoder (MultiHeadAttention, residuals, LayerNormalization, a
     * feed-forward block), as keras.io's text classification example: is token 1 more frequent than token 2?
     */
    @Test
    void aSmallTransformerEncoderLearnsToCompareCounts() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 768, steps = 8;
        float[] ids = new float[n * steps], y = new float[n];
        for (int i = 0; i < n; i++) {
            int ones, twos;
            do {
                ones = twos = 0;
                for (int t = 0; t < steps; t++) {
                    int token = 1 + r.nextInt(4);
                    ids[i * steps + t] = token;
                    if (token == 1) ones++;
                    if (token == 2) twos++;
                }
            } while (ones == twos);
            y[i] = ones > twos ? 1 : 0;
        }
        Seeds.setRandomSeed(5);
        KerasTensor in = Input.of(steps);
        KerasTensor x = new Embedding(5, 16).apply(in);
        KerasTensor attn = new MultiHeadAttention(2, 8).applySymbolic(List.of(x, x));
        x = new LayerNormalization().epsilon(1e-6).apply(new Add().applySymbolic(List.of(x, attn)));
        KerasTensor ff = new Dense(16).apply(new Dense(32).activation("relu").apply(x));
        x = new LayerNormalization().epsilon(1e-6).apply(new Add().applySymbolic(List.of(x, ff)));
        KerasTensor out = new Dense(1).activation("sigmoid").apply(new GlobalAveragePooling1D().apply(x));
        Model model = Model.of(in, out);
        model.compile(new Adam(0.005), "binary_crossentropy", List.of("accuracy"));
        Tensor xs = Tensor.of(ids, n, steps), labels = Tensor.of(y, n, 1);
        History h = model.fit(xs, labels, new FitOptions().epochs(8).batchSize(32).verbose(0).seed(2).validationSplit(0.25));
        assertThat(h.get("accuracy").get(0)).isLessThan(0.9);
        assertThat(h.get("val_accuracy").get(h.get("val_accuracy").size() - 1)).isGreaterThan(0.95);
        assertThat(model.evaluate(xs, labels, new EvaluateOptions().verbose(0)).get("accuracy")).isGreaterThan(0.95);
    }
}
