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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (int i = 0; i < jvm.size(); i++) {
            if (jvm.get(i).startsWith("-Xss") || jvm.get(i).startsWith("--add-modules=")) cmd.add(jvm.get(i));
            if (jvm.get(i).equals("--add-modules") && i + 1 < jvm.size()) cmd.addAll(jvm.subList(i, i + 2));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName(), backup.toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = r.readLine()) != null && !line.equals("WAITING")) seen.add(line);
            assertThat(line).as("child output: %s", seen).isEqualTo("WAITING");
            child.destroyForcibly(); // kill -9 in the middle of epoch 2, after the backup of epoch 1
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        Sequential m = model();
        History h = m.fit(X, Y, options(new BackupAndRestore(backup)));
        assertThat(h.epochs()).containsExactly(2, 3);
        assertThat(BackupAndRestoreTest.weights(m)).containsExactlyElementsOf(uninterrupted());
    }

    /** The child JVM: trains with a backup and blocks in the middle of epoch 2 until it is killed. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            int[] current = {0};
            LambdaCallback block = new LambdaCallback().onEpochBegin((e, logs) -> current[0] = e).onTrainBatchEnd((b, logs) -> {
                if (current[0] == 2 && b == 1) {
                    System.out.println("WAITING");
                    System.out.flush();
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    System.exit(3);
                }
            });
            model().fit(X, Y, options(new BackupAndRestore(Path.of(args[0])), block));
        }
    }
}
