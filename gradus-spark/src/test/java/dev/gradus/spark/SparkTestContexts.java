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
        String classPath = System.getProperty("java.class.path");
        linkJars(classPath);
        SparkConf conf = base("local-cluster[2,1,1024]")
                .set("spark.executor.extraClassPath", classPath)
                .set("spark.executor.extraJavaOptions", System.getProperty("spark.flags", "") + " -Xss8m")
                .set("spark.task.maxFailures", "4");
        return new JavaSparkContext(conf);
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
