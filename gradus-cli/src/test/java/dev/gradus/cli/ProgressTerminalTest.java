package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras's progress bar as a user sees it: {@code gradus fit} in a real pseudo-terminal (a detached
 * tmux session) redraws one line per epoch in place, and the screen keeps exactly one finished bar
 * per epoch; the same command with its output going to a file writes one plain line per epoch and
 * no control character. CI installs tmux; without it the terminal half skips and says why.
 */
class ProgressTerminalTest {
    private static final String[] FIT = {"fit", "mlp", "digits", "--epochs", "2", "--batch-size", "4", "--units", "16"};
    // 1,438 training rows, the last 20% validate: 1,150 / 4 = 288 steps
    private static final String FINISHED = "^288/288 ━{20} \\d+s \\d+(us|ms)/step - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4}"
            + " - val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4}$";

    @TempDir
    Path dir;

    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private List<String> command(String outDir) {
        List<String> c = new ArrayList<>(List.of(javaCommand(), "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        c.addAll(List.of(FIT));
        c.addAll(List.of("--out-dir", outDir));
        return c;
    }

    static boolean hasTmux() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + new String(out, StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalTheBarRedrawsInPlaceAndTheScreenKeepsOneLinePerEpoch() throws Exception {
        assumeTrue(hasTmux(), "tmux is not installed: the pseudo-terminal test skips (CI installs it; apt-get install tmux)");
        String socket = "gradus-test-" + ProcessHandle.current().pid();
        Path script = dir.resolve("run.sh"), go = dir.resolve("go"), raw = dir.resolve("raw.log");
        StringBuilder cmd = new StringBuilder();
        for (String part : command(dir.resolve("out").toString())) cmd.append('\'').append(part.replace("'", "'\\''")).append("' ");
        Files.writeString(script, "while [ ! -f '" + go + "' ]; do sleep 0.1; done\n" + cmd + "\necho \"EXIT=$?\"\nsleep 120\n");
        try {
            run("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "fit", "-x", "200", "-y", "60",
                    "env TERM=xterm-256color LANG=C.UTF-8 sh '" + script + "'");
            run("tmux", "-L", socket, "pipe-pane", "-o", "-t", "fit", "cat >> '" + raw + "'");
            Files.writeString(go, "");
            String screen = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (System.nanoTime() < deadline) {
                screen = run("tmux", "-L", socket, "capture-pane", "-p", "-t", "fit");
                if (screen.contains("EXIT=")) break;
                Thread.sleep(250);
            }
            assertThat(screen).as(screen).contains("EXIT=0");
            List<String> lines = screen.lines().map(String::stripTrailing).toList();
            assertThat(lines).contains("Epoch 1/2", "Epoch 2/2");
            assertThat(lines.stream().filter(l -> l.matches(FINISHED))).as(screen).hasSize(2);
            // no half-drawn bar left behind: every step count on the screen is a finished one
            assertThat(lines.stream().filter(l -> l.matches("^\\s*\\d+/288 .*") && !l.startsWith("288/288"))).as(screen).isEmpty();
            // and it was drawn in place: bold and colour codes, carriage returns, many draws per epoch
            String bytes = Files.readString(raw, StandardCharsets.UTF_8);
            assertThat(bytes).contains("\u001b[1m", "\u001b[32m");
            assertThat(bytes.chars().filter(ch -> ch == '\r').count()).isGreaterThan(4);
        } finally {
            new ProcessBuilder("tmux", "-L", socket, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void intoAFileTheBarIsOnePlainLinePerEpoch() throws Exception {
        Path log = dir.resolve("fit.log");
        Process p = new ProcessBuilder(command(dir.resolve("out").toString())).redirectOutput(log.toFile())
                .redirectError(dir.resolve("err.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("err.log"))).isZero();
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(text.chars().filter(ch -> ch < 0x20 && ch != '\n')).as("control characters in the log").isEmpty();
        List<String> lines = text.lines().toList();
        assertThat(lines.stream().filter(l -> l.matches(FINISHED))).as(text).hasSize(2);
        assertThat(lines.stream().filter(l -> l.matches("^\\s*\\d+/288 .*") && !l.startsWith("288/288"))).as(text).isEmpty();
        assertThat(lines).contains("Epoch 1/2", "Epoch 2/2");
    }
}
