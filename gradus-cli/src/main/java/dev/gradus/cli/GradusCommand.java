package dev.gradus.cli;

import dev.gradus.Gradus;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code gradus}: train, evaluate, predict and inspect Keras models from the shell.
 *
 * <p>Exit codes are fixed so that scripts can tell a bad command line from a failed run: 0 on
 * success, 1 when the work failed (a file that does not load, a model that does not fit the data),
 * 2 when the command line is wrong (an unknown option, a missing file, an unknown column, dataset or
 * optimizer). Every error is one line on standard error naming the argument, what was expected and
 * what was received; {@code --verbose} adds the stack trace.
 */
@Command(name = "gradus", mixinStandardHelpOptions = true, versionProvider = GradusCommand.Version.class,
        description = "Train, evaluate, predict and inspect Keras models (Gradus: Keras 3 on the JVM).",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {FitCommand.class, EvaluateCommand.class, PredictCommand.class, SummaryCommand.class,
                ConvertCommand.class, InspectCommand.class, AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure, 2 bad usage.",
                "Shell completion: source <(gradus generate-completion)"})
public final class GradusCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean verbose;

    /** Where results and the progress bar go (standard output, or a test's stream). */
    PrintStream out = System.out;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "COMMAND: expected one of "
                + String.join(", ", spec.subcommands().keySet()) + ", got nothing");
    }

    /** The command line with Gradus's error handlers: one-line messages, exit 1 or 2. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        GradusCommand root = new GradusCommand();
        root.out = out;
        CommandLine cl = new CommandLine(root);
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler(EXECUTION_ERRORS);
        cl.setParameterExceptionHandler(USAGE_ERRORS);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        return cl;
    }

    static boolean verbose(ParseResult parsed) {
        return parsed != null && parsed.hasMatchedOption("--verbose")
                || parsed != null && parsed.subcommand() != null && verbose(parsed.subcommand());
    }

    private static final IParameterExceptionHandler USAGE_ERRORS = (ex, args) -> {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage()));
        if (verbose(cl.getParseResult())) ex.printStackTrace(err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return 2;
    };

    private static final IExecutionExceptionHandler EXECUTION_ERRORS = (ex, cl, parsed) -> {
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": error: " + describe(ex));
        if (verbose(parsed)) ex.printStackTrace(err);
        else if (!(ex instanceof RuntimeException) || ex instanceof NullPointerException)
            err.println("(run again with --verbose for the stack trace)");
        err.flush();
        return 1;
    };

    /** A library's message as one line; a bare exception (no message, an Error) by its kind. */
    static String describe(Throwable ex) {
        Throwable t = ex;
        // an unchecked wrapper that only repeats its cause ("java.io.IOException: ...") speaks as the cause
        if (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) t = t.getCause();
        String message = t.getMessage();
        if (t instanceof OutOfMemoryError) return "out of memory (" + message + "); give Java more with JAVA_OPTS=-Xmx...";
        if (message == null || message.isBlank() || t instanceof NullPointerException || t instanceof Error)
            return "internal error: " + t.getClass().getSimpleName() + (message == null ? "" : " (" + oneLine(message) + ")");
        return oneLine(message);
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gradus " + Gradus.version() + " (Java " + System.getProperty("java.version")
                    + ", matmul kernel: " + Gradus.matmulImplementation() + ")"};
        }
    }
}
