package dev.gradus.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Dropout;
import dev.gradus.layers.Input;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resumed run of a model with Dropout draws the masks of an uninterrupted run: masks are keyed by
 * the step, which the optimizer's restored step count gives back (Keras 3 does not restore its seed
 * generators, so its resumed Dropout runs differ).
 */
class BackupAndRestoreDropoutTest {
    @TempDir
    Path dir;

    static final Tensor X = Tensor.randomUniform(21, 16, 3);
    static final Tensor Y = Tensor.randomUniform(22, 16, 1);

    static Sequential model() {
        Sequential m = new Sequential(List.of(Input.of(3),
                new Dense(8).activation("tanh").kernelInitializer(new GlorotUniform().seed(1)),
                new Dropout(0.2).seed(7),
                new Dense(1).kernelInitializer(new GlorotUniform().seed(2))));
        m.compile(new Adam(0.05), "mse");
        return m;
    }

    static FitOptions options(Callback... callbacks) {
        return new FitOptions().epochs(4).batchSize(5).verbose(0).seed(7).callbacks(callbacks);
    }

    static List<float[]> uninterrupted() {
        Sequential m = model();
        m.fit(X, Y, options());
        return BackupAndRestoreTest.weights(m);
    }

    @Test
    void dropoutMasksChangeTheResultSoTheResumeCheckMeansSomething() {
        Sequential noDropoutSeedChange = new Sequential(List.of(Input.of(3),
                new Dense(8).activation("tanh").kernelInitializer(new GlorotUniform().seed(1)),
                new Dropout(0.2).seed(8),
                new Dense(1).kernelInitializer(new GlorotUniform().seed(2))));
        noDropoutSeedChange.compile(new Adam(0.05), "mse");
        noDropoutSeedChange.fit(X, Y, options());
        assertThat(BackupAndRestoreTest.weights(noDropoutSeedChange).get(0)).isNotEqualTo(uninterrupted().get(0));
    }

    @Test
    void theSameModelObjectResumesBitIdentical() {
        BackupAndRestore b = new BackupAndRestore(dir.resolve("backup"));
        Sequential m = model();
        assertThatThrownBy(() -> m.fit(X, Y, options(b, BackupAndRestoreTest.crashAt(2)))).hasMessageContaining("crash");
        History h = m.fit(X, Y, options(b));
        assertThat(h.epochs()).containsExactly(2, 3);
        assertThat(BackupAndRestoreTest.weights(m)).containsExactlyElementsOf(uninterrupted());
    }

    @Test
    void aKilledJvmWithDropoutResumesBitIdentical() throws Exception {
        Path backup = dir.resolve("backup");
        KilledRun.killWhenWaiting(Child.class, backup);
        Sequential m = model();
        History h = m.fit(X, Y, options(new BackupAndRestore(backup)));
        assertThat(h.epochs()).containsExactly(2, 3);
        assertThat(BackupAndRestoreTest.weights(m)).containsExactlyElementsOf(uninterrupted());
    }

    /** The child JVM: trains with a backup and blocks in the middle of epoch 2 until it is killed. */
    public static final class Child {
        public static void main(String[] args) {
            model().fit(X, Y, options(new BackupAndRestore(Path.of(args[0])), KilledRun.blockIn(2)));
        }
    }
}
