package dev.gradus.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A training run in a child JVM that is killed (kill -9) in the middle of an epoch, for the resume tests. */
final class KilledRun {
    private KilledRun() {}

    /** Starts {@code child.main(backup)} in a new JVM with this JVM's vector and stack flags, and kills it once it prints WAITING. */
    static void killWhenWaiting(Class<?> child, Path backup) throws Exception {
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (int i = 0; i < jvm.size(); i++) {
            if (jvm.get(i).startsWith("-Xss") || jvm.get(i).startsWith("--add-modules=")) cmd.add(jvm.get(i));
            if (jvm.get(i).equals("--add-modules") && i + 1 < jvm.size()) cmd.addAll(jvm.subList(i, i + 2));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), child.getName(), backup.toString()));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = r.readLine()) != null && !line.equals("WAITING")) seen.add(line);
            assertThat(line).as("child output: %s", seen).isEqualTo("WAITING");
            process.destroyForcibly(); // killed in the middle of the epoch, after the backup of the one before
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    /** For the child: prints WAITING at batch 1 of {@code epoch} and blocks until the parent kills the JVM. */
    static LambdaCallback blockIn(int epoch) {
        int[] current = {0};
        return new LambdaCallback().onEpochBegin((e, logs) -> current[0] = e).onTrainBatchEnd((b, logs) -> {
            if (current[0] == epoch && b == 1) {
                System.out.println("WAITING");
                System.out.flush();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                System.exit(3); // never reached when the parent kills us
            }
        });
    }
}
