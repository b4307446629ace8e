package dev.gradus.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.initializers.Constant;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {
    @TempDir
    Path dir;

    static final Tensor X = Tensor.of(new float[][] {{1}, {2}, {3}, {4}});
    static final Tensor Y = Tensor.zeros(4, 1);

    static Sequential model() {
        Sequential m = new Sequential(List.of(Input.of(1), new Dense(1).useBias(false).kernelInitializer(new Constant(1.0))));
        m.compile(new SGD(0.0), "mse");
        return m;
    }

    /** Epoch e reports values[e] as val_loss and sets the weight to e + 10, so a saved file names its epoch. */
    static LambdaCallback marker(Sequential m, double... values) {
        return new LambdaCallback().onEpochEnd((epoch, logs) -> {
            logs.put("val_loss", values[epoch]);
            m.setWeights(List.of(Tensor.full(epoch + 10, 1, 1)));
        });
    }

    /** The weight stored in a weights file, read into a fresh model. */
    static float savedWeight(Path file) {
        Sequential fresh = model();
        fresh.loadWeights(file);
        return fresh.getWeights().get(0).toFloatArray()[0];
    }

    List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void filepathIsFormattedWithTheEpochAndTheLogs() throws IOException {
        Sequential m = model();
        String pattern = dir + "/ckpt-{epoch:02d}-{val_loss:.2f}.weights.h5";
        m.fit(X, Y, new FitOptions().epochs(3).verbose(0).callbacks(marker(m, 0.5, 0.25, 0.125),
                new ModelCheckpoint(pattern).saveWeightsOnly(true)));
        assertThat(files()).containsExactly("ckpt-01-0.50.weights.h5", "ckpt-02-0.25.weights.h5", "ckpt-03-0.12.weights.h5");
        assertThat(savedWeight(dir.resolve("ckpt-02-0.25.weights.h5"))).isEqualTo(11f);
    }

    @Test
    void saveBestOnlySavesImprovementsFromTheInitialThreshold() throws IOException {
        Sequential m = model();
        Path best = dir.resolve("best.weights.h5");
        List<Float> onDisk = new ArrayList<>();
        LambdaCallback probe = new LambdaCallback().onEpochEnd((e, logs) -> onDisk.add(Files.exists(best) ? savedWeight(best) : null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            m.fit(X, Y, new FitOptions().epochs(4).verbose(0).callbacks(marker(m, 0.5, 0.4, 0.45, 0.3),
                    new ModelCheckpoint(best).saveWeightsOnly(true).saveBestOnly(true).verbose(1), probe));
        } finally {
            System.setOut(old);
        }
        assertThat(onDisk).containsExactly(10f, 11f, 11f, 13f);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\nEpoch 1: val_loss improved from None to 0.50000, saving model to " + best + "\n"
                + "\nEpoch 2: val_loss improved from 0.50000 to 0.40000, saving model to " + best + "\n"
                + "\nEpoch 3: val_loss did not improve from 0.40000\n"
                + "\nEpoch 4: val_loss improved from 0.40000 to 0.30000, saving model to " + best + "\n");

        // a threshold: nothing is saved until it is beaten; the best is kept across fit calls
        Path t = dir.resolve("t.weights.h5");
        ModelCheckpoint withThreshold = new ModelCheckpoint(t).saveWeightsOnly(true).saveBestOnly(true).initialValueThreshold(0.35);
        Sequential m2 = model();
        m2.fit(X, Y, new FitOptions().epochs(3).verbose(0).callbacks(marker(m2, 0.5, 0.4, 0.45), withThreshold));
        assertThat(Files.exists(t)).isFalse();
        m2.fit(X, Y, new FitOptions().epochs(2).verbose(0).callbacks(marker(m2, 0.36, 0.3), withThreshold));
        assertThat(savedWeight(t)).isEqualTo(11f);
        assertThat(withThreshold.best()).isEqualTo(0.3);
    }

    @Test
    void saveFreqCountsBatchesAcrossEpochs() throws IOException {
        Sequential m = model();
        // 4 batches per epoch, a save every 3: after global batches 3 and 6 (epoch 1 batch 3, epoch 2 batch 2)
        m.fit(X, Y, new FitOptions().epochs(2).batchSize(1).verbose(0)
                .callbacks(new ModelCheckpoint(dir + "/e{epoch}-b{batch}.keras").saveFreq(3)));
        assertThat(files()).containsExactly("e1-b3.keras", "e2-b2.keras");
        assertThat(Models.load(dir.resolve("e2-b2.keras")).getWeights().get(0).toFloatArray()[0]).isEqualTo(1f);
    }

    @Test
    void badFilepathsFailClearly() {
        assertThatThrownBy(() -> new ModelCheckpoint("model.h5")).hasMessageContaining("must end in `.keras`");
        assertThatThrownBy(() -> new ModelCheckpoint("m.keras").saveWeightsOnly(true))
                .hasMessageContaining("must end in `.weights.h5`");
        assertThatThrownBy(() -> new ModelCheckpoint("m-{epoch.keras")).hasMessageContaining("Single '{'");
        assertThatThrownBy(() -> new ModelCheckpoint("m.keras").saveFreq("batch")).hasMessageContaining("Unrecognized save_freq");
        Sequential m = model();
        assertThatThrownBy(() -> m.fit(X, Y, new FitOptions().verbose(0)
                .callbacks(new ModelCheckpoint(dir + "/m-{val_accuracy:.2f}.keras"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KeyError: 'val_accuracy'");
        assertThatThrownBy(() -> m.fit(X, Y, new FitOptions().verbose(0).callbacks(new ModelCheckpoint(dir + "/w.weights.h5"))))
                .hasMessageContaining("saveWeightsOnly(true)");
    }

    @Test
    void missingMonitorWarnsOnceAndSaves() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            model().fit(X, Y, new FitOptions().epochs(2).verbose(0)
                    .callbacks(new ModelCheckpoint(dir + "/m{epoch}.keras").saveBestOnly(true).mode("min")));
        } finally {
            System.setErr(old);
        }
        // one SLF4J warning, logged once
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("WARN dev.gradus.callbacks.ModelCheckpoint - "
                + "Can save best model only with val_loss available.\n");
        assertThat(files()).containsExactly("m1.keras", "m2.keras");
    }

    @Test
    void aSaveInterruptedWhileWritingLeavesThePreviousCheckpoint() throws IOException {
        for (String name : List.of("ckpt.weights.h5", "ckpt.keras")) {
            Path file = dir.resolve(name);
            Sequential m = model();
            // at the end of epoch 2 the thread is interrupted just before the checkpoint is written, so the file
            // channel is closed by its first write (ClosedByInterruptException): the write fails midway
            LambdaCallback interrupt = new LambdaCallback().onEpochEnd((e, logs) -> {
                if (e == 1) Thread.currentThread().interrupt();
            });
            ModelCheckpoint ckpt = new ModelCheckpoint(file);
            if (name.endsWith(".weights.h5")) ckpt.saveWeightsOnly(true);
            try {
                assertThatThrownBy(() -> m.fit(X, Y, new FitOptions().epochs(3).verbose(0)
                        .callbacks(marker(m, 0.3, 0.2, 0.1), interrupt, ckpt))).as(name).hasMessageContaining(name);
            } finally {
                Thread.interrupted();
            }
            float w = name.endsWith(".keras") ? Models.load(file).getWeights().get(0).toFloatArray()[0] : savedWeight(file);
            assertThat(w).as(name).isEqualTo(10f); // epoch 1's checkpoint, whole
            assertThat(files()).as("no temporary file is left").contains(name).allMatch(f -> !f.contains(".tmp"));
        }
    }
}
