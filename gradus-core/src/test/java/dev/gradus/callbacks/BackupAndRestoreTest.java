package dev.gradus.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupAndRestoreTest {
    @TempDir
    Path dir;

    static final int EPOCHS = 4;
    static final Tensor X = Tensor.randomUniform(11, 16, 3);
    static final Tensor Y = Tensor.randomUniform(12, 16, 1);

    /** Adam (which has state) on shuffled batches: a resumed run matches only if weights, slots, step and shuffles do. */
    static Sequential model() {
        Sequential m = new Sequential(List.of(Input.of(3), new Dense(5).activation("tanh").kernelInitializer(new GlorotUniform().seed(1)),
                new Dense(1).kernelInitializer(new GlorotUniform().seed(2))));
        m.compile(new Adam(0.05), "mse");
        return m;
    }

    static FitOptions options(Callback... callbacks) {
        return new FitOptions().epochs(EPOCHS).batchSize(5).verbose(0).seed(7).callbacks(callbacks);
    }

    static List<float[]> weights(Sequential m) {
        List<float[]> out = new ArrayList<>();
        for (Tensor t : m.getWeights()) out.add(t.toFloatArray());
        for (Tensor t : m.optimizer().getWeights()) out.add(t.toFloatArray());
        return out;
    }

    static List<float[]> uninterrupted() {
        Sequential m = model();
        m.fit(X, Y, options());
        return weights(m);
    }

    /** Throws at batch 1 of the given epoch, as a crash would. */
    static LambdaCallback crashAt(int epoch) {
        int[] current = {0};
        return new LambdaCallback().onEpochBegin((e, logs) -> current[0] = e).onTrainBatchEnd((b, logs) -> {
            if (current[0] == epoch && b == 1) throw new IllegalStateException("crash in epoch " + epoch);
        });
    }

    @Test
    void aFitInterruptedMidEpochAndRestartedEndsBitIdentical() {
        Path backup = dir.resolve("backup");
        BackupAndRestore b = new BackupAndRestore(backup);
        Sequential m = model();
        assertThatThrownBy(() -> m.fit(X, Y, options(b, crashAt(2)))).hasMessageContaining("crash in epoch 2");
        assertThat(backup.resolve("training_metadata.json")).exists();
        // the same callback again: epochs 2 and 3 run, from the state at the end of epoch 1
        History h = m.fit(X, Y, options(b));
        assertThat(h.epochs()).containsExactly(2, 3);
        assertThat(weights(m)).containsExactlyElementsOf(uninterrupted());
        assertThat(backup).doesNotExist(); // delete_checkpoint
        // a fresh model object resumes as well
        Sequential a = model();
        assertThatThrownBy(() -> a.fit(X, Y, options(b, crashAt(3)))).hasMessageContaining("crash");
        Sequential fresh = model();
        fresh.fit(X, Y, options(b));
        assertThat(weights(fresh)).containsExactlyElementsOf(uninterrupted());
    }

    @Test
    void aKilledJvmResumesBitIdentical() throws Exception {
        Path backup = dir.resolve("backup");
        KilledRun.killWhenWaiting(BackupChild.class, backup);
        assertThat(Files.readString(backup.resolve("training_metadata.json"))).startsWith("{\"epoch\": 2, \"batch\": 0,");
        Sequential m = model();
        History h = m.fit(X, Y, options(new BackupAndRestore(backup)));
        assertThat(h.epochs()).containsExactly(2, 3);
        assertThat(weights(m)).containsExactlyElementsOf(uninterrupted());
    }

    /** The child JVM: trains with a backup and blocks in the middle of epoch 2 until it is killed. */
    public static final class BackupChild {
        public static void main(String[] args) {
            model().fit(X, Y, options(new BackupAndRestore(Path.of(args[0])), KilledRun.blockIn(2)));
        }
    }

    @Test
    void aBackupInterruptedWhileWritingLeavesTheLastGoodOne() {
        Path backup = dir.resolve("backup");
        BackupAndRestore b = new BackupAndRestore(backup);
        // the thread is interrupted at the end of epoch 2, just before the backup is written: its first file
        // write fails (ClosedByInterruptException), as a crash midway through the backup would
        LambdaCallback interrupt = new LambdaCallback().onEpochEnd((e, logs) -> {
            if (e == 2) Thread.currentThread().interrupt();
        });
        Sequential m = model();
        try {
            assertThatThrownBy(() -> m.fit(X, Y, options(interrupt, b))).hasMessageContaining("backup");
        } finally {
            Thread.interrupted();
        }
        History h = m.fit(X, Y, options(b));
        assertThat(h.epochs()).containsExactly(2, 3);
        assertThat(weights(m)).containsExactlyElementsOf(uninterrupted());
    }

    @Test
    void weightsThatDoNotMatchTheirMetadataFallBackToThePreviousPair() throws IOException {
        Path backup = dir.resolve("backup");
        BackupAndRestore b = new BackupAndRestore(backup);
        Sequential m = model();
        assertThatThrownBy(() -> m.fit(X, Y, options(b, crashAt(3)))).hasMessageContaining("crash");
        // a crash after the weights of a new backup were renamed into place but before its metadata was:
        // the weights file no longer matches training_metadata.json (epoch 3)
        Sequential other = model();
        other.fit(X, Y, new FitOptions().epochs(1).verbose(0));
        other.saveWeights(backup.resolve("latest.weights.h5"));
        History h = m.fit(X, Y, options(b));
        assertThat(h.epochs()).containsExactly(2, 3); // the previous pair: the end of epoch 1
        assertThat(weights(m)).containsExactlyElementsOf(uninterrupted());
    }

    @Test
    void batchBackupsAndKeptCheckpoints() throws IOException {
        Path backup = dir.resolve("backup");
        Sequential m = model();
        // 4 batches per epoch, a backup every 3 batches: the last one at global batch 15, epoch 3's batch index 2
        m.fit(X, Y, options(new BackupAndRestore(backup).saveFreq(3).deleteCheckpoint(false)));
        assertThat(Files.readString(backup.resolve("training_metadata.json"))).startsWith("{\"epoch\": 3, \"batch\": 2,");
        Sequential fresh = model();
        History h = fresh.fit(X, Y, options(new BackupAndRestore(backup).deleteCheckpoint(false)));
        assertThat(h.epochs()).containsExactly(3); // the epoch in progress restarts
        assertThatThrownBy(() -> new BackupAndRestore("")).hasMessage("Empty `backup_dir` argument passed");
        assertThatThrownBy(() -> new BackupAndRestore("b").saveFreq("batch")).hasMessageContaining("save_freq=batch");
        Sequential unbuilt = new Sequential(List.of(new Dense(1)));
        unbuilt.compile(new Adam(0.01), "mse");
        assertThatThrownBy(() -> unbuilt.fit(X, Y, options(new BackupAndRestore(dir.resolve("u")))))
                .hasMessageContaining("must be built before you call `fit()`");
    }
}
