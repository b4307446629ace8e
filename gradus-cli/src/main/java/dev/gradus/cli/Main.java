package dev.gradus.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The runnable jar's entry point: {@code gradus SUBCOMMAND ...}. The launcher scripts
 * ({@code gradus}, {@code gradus.cmd}) start this class with the Vector API module added.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Keras's bar is drawn with U+2501; write UTF-8 whatever the locale says, as Python 3 does in the C locale
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 success, 1 failure, 2 bad usage), without exiting. */
    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    /** As {@link #run(String...)}, writing results to {@code out} and errors to {@code err}. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        // the plots are drawn off screen: no display is needed or looked for
        System.setProperty("java.awt.headless", "true");
        return GradusCommand.commandLine(out, err).execute(args);
    }
}
