package dev.gradus.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The tests' Spark contexts: one at a time per JVM (Spark's rule), stopped by each test class. */
final class SparkTestContexts {
    private SparkTestContexts() {}

    /**
     * Two local cores, each task attempted up to 4 times ({@code local[2,4]}; plain {@code local[2]}
     * gives a task one attempt, so an injected failure would fail the job instead of being retried).
     */
    static JavaSparkContext local() {
        return new JavaSparkContext(base("local[2,4]"));
    }

    /**
     * {@code local-cluster[2,1,1024]}: a standalone master and two workers in this JVM, each launching
     * an executor JVM of one core and 1 GiB (distributed.md 3.5). The executors get this JVM's class
     * path and Spark's module flags; Spark's launcher wants a Spark home with a {@code jars/} folder,
     * filled here with links to the class path's jars.
     */
    static JavaSparkContext localCluster() {
        assumeSupportedJdk();
        String classPath = System.getProperty("java.class.path");
        linkJars(classPath);
        SparkConf conf = base("local-cluster[2,1,1024]")
                .set("spark.executor.extraClassPath", classPath)
                .set("spark.executor.extraJavaOptions", System.getProperty("spark.flags", "") + " -Xss8m")
                .set("spark.task.maxFailures", "4");
        JavaSparkContext sc = new JavaSparkContext(conf);
        awaitExecutors(sc, 2);
        return sc;
    }

    /** Waits up to two minutes for {@code n} executors, so that a cluster whose executors cannot start fails, not hangs. */
    private static void awaitExecutors(JavaSparkContext sc, int n) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (sc.sc().getExecutorMemoryStatus().size() < n + 1) { // the driver's block manager counts too
            if (System.nanoTime() > deadline) {
                sc.stop();
                throw new IllegalStateException("local-cluster: " + n + " executors did not start within 2 minutes; their logs are in "
                        + System.getenv("SPARK_HOME") + "/work/*/*/stderr");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the executors", e);
            }
        }
    }

    /**
     * Skips separate executor JVMs on JDK 24 and later: Spark 4.1.3's Hadoop 3.4.2 calls
     * {@code Subject.getSubject} when an executor starts ({@code SparkHadoopUtil.createSparkUser}),
     * and those JDKs refuse it; neither a Spark user nor a flag avoids it (JDK 24+ will not start with
     * {@code -Djava.security.manager=allow}). Local mode, where the tasks run in the driver's JVM, works
     * on JDK 25 and runs there.
     */
    static void assumeSupportedJdk() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() < 24, "Spark 4.1.3 (Hadoop 3.4.2) calls "
                + "Subject.getSubject when an executor JVM starts, which JDK " + Runtime.version().feature()
                + " refuses: the local-cluster tests run on JDK 17 to 23 (local mode runs on JDK 25)");
    }

    private static SparkConf base(String master) {
        return new SparkConf().setMaster(master).setAppName("gradus-spark-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.default.parallelism", "2");
    }

    private static void linkJars(String classPath) {
        String home = System.getenv("SPARK_HOME");
        if (home == null) throw new IllegalStateException("SPARK_HOME is not set: run the local-cluster tests through Maven "
                + "(the surefire configuration sets it to target/spark-home)");
        Path jars = Path.of(home, "jars");
        try {
            Files.createDirectories(jars);
            for (String entry : classPath.split(File.pathSeparator)) {
                Path jar = Path.of(entry);
                if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) continue;
                Path link = jars.resolve(jar.getFileName());
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not link the class path's jars into " + jars, e);
        }
    }
}
