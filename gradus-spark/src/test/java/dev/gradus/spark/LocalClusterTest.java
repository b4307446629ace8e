package dev.gradus.spark;

import static dev.gradus.spark.SparkModels.X;
import static dev.gradus.spark.SparkModels.Y;
import static dev.gradus.spark.SparkModels.assertSameBits;
import static dev.gradus.spark.SparkModels.assertSameHistory;
import static dev.gradus.spark.SparkModels.mlp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.callbacks.History;
import dev.gradus.distribution.DataParallel;
import dev.gradus.distribution.Distribution;
import dev.gradus.models.Sequential;
import dev.gradus.training.FitOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate executor JVMs ({@code local-cluster[2,1,1024]}): the model and weights really cross the
 * network and are rebuilt there, and an executor can die. The bits stay those of
 * {@code DataParallel.replicas(R)} in this JVM.
 */
class LocalClusterTest {
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTestContexts.localCluster();
    }

    @AfterAll
    static void stop() {
        if (sc != null) sc.stop(); // null when the context was skipped (JDK 24+)
    }

    static FitOptions options(Distribution d) {
        return new FitOptions().epochs(2).batchSize(32).verbose(0).seed(3).validationSplit(0.2).distribution(d);
    }

    @Test
    void separateExecutorJvmsGiveTheBitsOfReplicasInOneJvm() {
        // the executors are other processes: the tasks report their JVM's name, not this one's
        List<String> jvms = sc.parallelize(List.of(1, 2, 3, 4), 4)
                .map(i -> java.lang.management.ManagementFactory.getRuntimeMXBean().getName()).collect();
        assertThat(jvms).doesNotContain(java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
        for (int r : new int[] {2, 3}) {
            Sequential local = mlp(), spark = mlp();
            History hl = local.fit(X, Y, options(DataParallel.replicas(r)));
            History hs = spark.fit(X, Y, options(SparkDataParallel.of(sc, r)));
            assertSameBits(spark, local);
            assertSameHistory(hs, hl);
        }
    }

    @TempDir
    Path dir;

    @Test
    void aKilledExecutorIsReplacedAndTheStepIsUnchanged() throws Exception {
        Sequential clean = mlp(), survivor = mlp();
        clean.fit(X, Y, options(DataParallel.replicas(2)));
        String marker = dir.resolve("halted").toString();
        SparkDataParallel d = SparkDataParallel.of(sc, 2).beforeEachShard(c -> {
            // the executor JVM running replica 0 of step 2 leaves a mark and dies at once, mid-step
            if (c.kind().equals("train") && c.step() == 2 && c.replica() == 0 && c.attempt() == 0) {
                try {
                    Files.writeString(Path.of(marker), java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                Runtime.getRuntime().halt(42);
            }
        });
        survivor.fit(X, Y, options(d));
        assertThat(Files.readString(Path.of(marker))).isNotEqualTo(java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
        assertSameBits(survivor, clean);
    }
}
