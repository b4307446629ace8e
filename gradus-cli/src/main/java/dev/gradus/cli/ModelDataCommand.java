package dev.gradus.cli;

import dev.gradus.Gradus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code evaluate} and {@code predict} share: MODEL and DATA, the data options, and the step
 * options ({@code --batch-size}, {@code --threads}, {@code --progress}); picocli reads the annotated
 * fields of this base class for each subcommand.
 */
abstract class ModelDataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    GradusCommand root;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "DATA")
    String data;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (default: all processors).")
    Integer threads;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Progress progress;

    /** Checks the step options and MODEL's file, then applies {@code --threads}. */
    void checkAndApplyStepOptions() {
        if (batchSize < 1) throw Usage.error(spec, "--batch-size", "an integer >= 1", Integer.toString(batchSize));
        if (threads != null && threads < 1) throw Usage.error(spec, "--threads", "an integer >= 1", threads.toString());
        ModelFiles.check(spec, "MODEL", model, ModelFiles.EXPECTED_FILE);
        if (threads != null) Gradus.setThreads(threads);
    }
}
