package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.data.Datasets;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Conv2D;
import dev.gradus.layers.Conv2DTranspose;
import dev.gradus.layers.Input;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.SharedData;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Keras's convolutional autoencoder example (keras.io "Convolutional autoencoder for image denoising",
 * without the noise) on real MNIST read through {@code GRADUS_DATA}: strided Conv2D down to 7x7,
 * Conv2DTranspose back up to 28x28, trained for two epochs on 3,000 training images (about 30 s on 2 cores). Skipped with a
 * message when the data is absent.
 */
@Tag("integration")
class ConvAutoencoderIntegrationTest {
    static final long SEED = 1;

    static Sequential autoencoder() {
        Sequential m = new Sequential(List.of(Input.of(28, 28, 1),
                new Conv2D(16, 3).strides(2).padding("same").activation("relu").kernelInitializer(new GlorotUniform().seed(SEED)),
                new Conv2D(8, 3).strides(2).padding("same").activation("relu").kernelInitializer(new GlorotUniform().seed(SEED + 1)),
                new Conv2DTranspose(8, 3).strides(2).padding("same").activation("relu")
                        .kernelInitializer(new GlorotUniform().seed(SEED + 2)),
                new Conv2DTranspose(16, 3).strides(2).padding("same").activation("relu")
                        .kernelInitializer(new GlorotUniform().seed(SEED + 3)),
                new Conv2D(1, 3).padding("same").activation("sigmoid").kernelInitializer(new GlorotUniform().seed(SEED + 4))));
        m.compile(new Adam(2e-3), "binary_crossentropy", List.of());
        return m;
    }

    @Test
    void reconstructsHeldOutDigitsAfterTwoShortEpochs() {
        SharedData.folder("mnist");
        Datasets.Split d = Datasets.mnist();
        Tensor xTrain = d.xTrain().slice(0, 0, 3000).reshape(3000, 28, 28, 1).div(255.0);
        Tensor xTest = d.xTest().slice(0, 0, 1000).reshape(1000, 28, 28, 1).div(255.0);
        Sequential m = autoencoder();
        // Keras's summary: 160 + 1,160 + 584 + 1,168 + 145
        assertThat(m.countParams()).isEqualTo(3_217);
        double before = m.evaluate(xTest, xTest, new EvaluateOptions().verbose(0)).get("loss");
        m.fit(xTrain, xTrain, new FitOptions().epochs(2).batchSize(32).verbose(0).seed(SEED));
        Map<String, Double> ev = m.evaluate(xTest, xTest, new EvaluateOptions().verbose(0));
        System.out.println("MNIST conv autoencoder, held-out binary crossentropy: " + before + " before training, "
                + ev.get("loss") + " after");
        assertThat(before).isGreaterThan(0.6);
        // 0.0791 on this machine (both kernel paths), from 0.693 untrained
        assertThat(ev.get("loss")).isLessThan(0.10);
    }
}
