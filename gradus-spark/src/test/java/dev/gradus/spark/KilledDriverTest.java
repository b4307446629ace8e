package dev.gradus.spark;

import static dev.gradus.spark.SparkModels.X;
import static dev.gradus.spark.SparkModels.Y;
import static dev.gradus.spark.SparkModels.assertSameBits;
import static dev.gradus.spark.SparkModels.mlp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.callbacks.BackupAndRestore;
import dev.gradus.callbacks.Callback;
import dev.gradus.callbacks.History;
import dev.gradus.models.Sequential;
import dev.gradus.training.FitOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver JVM killed (SIGKILL) in the middle of epoch 2 of a Spark fit: a new driver with the same
 * BackupAndRestore folder resumes at epoch 2 and ends with the bits of an uninterrupted run.
 */
class KilledDriverTest {
    @TempDir
    Path dir;

    static FitOptions options(SparkDataParallel d) {
        return new FitOptions().epochs(4).batchSize(32).verbose(0).seed(3).validationSplit(0.2).distribution(d);
    }

    @Test
    void aKilledDriverResumesToTheUninterruptedResult() throws Exception {
        Path backup = dir.resolve("backup"), ready = dir.resolve("ready");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String flag : System.getProperty("spark.flags", "").split(" ")) if (!flag.isBlank()) command.add(flag);
        command.addAll(List.of("-Xss8m", "-Xmx1g", "-cp", System.getProperty("java.class.path"), Driver.class.getName(),
                backup.toString(), ready.toString()));
        Process driver = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("driver.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!Files.exists(ready) && driver.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
            assertThat(ready).as("the driver reached epoch 2; its log:\n%s", Files.readString(dir.resolve("driver.log"))).exists();
        } finally {
            driver.destroyForcibly().waitFor();
        }

        JavaSparkContext sc = SparkTestContexts.local();
        try {
            Sequential uninterrupted = mlp();
            uninterrupted.fit(X, Y, options(SparkDataParallel.of(sc, 2)));
            Sequential resumed = mlp();
            History h = resumed.fit(X, Y, options(SparkDataParallel.of(sc, 2)).callbacks(new BackupAndRestore(backup)));
            assertThat(h.epochs()).containsExactly(2, 3);
            assertSameBits(resumed, uninterrupted);
        } finally {
            sc.stop();
        }
    }

    /** The driver that dies: trains with a backup, says when it is in the middle of epoch 2, and waits to be killed. */
    public static final class Driver {
        public static void main(String[] args) throws Exception {
            Path ready = Path.of(args[1]);
            JavaSparkContext sc = SparkTestContexts.local();
            Sequential m = mlp();
            m.fit(X, Y, options(SparkDataParallel.of(sc, 2)).callbacks(new BackupAndRestore(Path.of(args[0])), new Callback() {
                @Override
                public void onTrainBatchEnd(int batch, Map<String, Object> logs) {
                    if (m.optimizer().iterationCount() != 14) return; // epoch 2, step 2 of 6
                    try {
                        Files.writeString(ready, "epoch 2");
                        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
    }
}
