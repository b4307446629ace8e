package dev.gradus.cli;

import dev.gradus.Gradus;
import dev.gradus.callbacks.ProgbarLogger;
import dev.gradus.models.Model;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gradus evaluate MODEL DATA}: the compiled loss and metrics of a saved model on labelled
 * data, as Keras's {@code model.evaluate}. A named dataset is evaluated on its test split, which is
 * what a user checking a model before deploying it wants to see.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the loss and metrics of a compiled MODEL on DATA (a named dataset: its test split).",
                "MODEL: a .keras file (or a config .json with its compile_config: fresh weights).",
                "DATA: " + DataLoader.EXPECTED + "."})
final class EvaluateCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        if (batchSize < 1) throw Usage.error(spec, "--batch-size", "an integer >= 1", Integer.toString(batchSize));
        if (threads != null && threads < 1) throw Usage.error(spec, "--threads", "an integer >= 1", threads.toString());
        ModelFiles.check(spec, "MODEL", model, ModelFiles.EXPECTED_FILE);
        if (threads != null) Gradus.setThreads(threads);
        LoadedData d = DataLoader.load(spec, data, dataOptions, true);
        Model m = ModelFiles.load(Path.of(model), true);
        if (!m.compiled()) throw Usage.error(spec, "MODEL", "a compiled model (a .keras file saved after compile, or a config with"
                + " compile_config) so that it has a loss and metrics", "'" + model + "' (not compiled)");
        Tensor x = d.hasTest() ? d.xTest() : d.x(), y = d.hasTest() ? d.testLabels() : d.labels();
        EvaluateOptions options = new EvaluateOptions().batchSize(batchSize).verbose(progress.verbose());
        ProgbarLogger bar = progress.logger(root.out);
        if (bar != null) options.callbacks(bar);
        Map<String, Double> result;
        try {
            result = m.evaluate(x, y, options);
        } catch (IllegalArgumentException e) {
            throw ModelFiles.mismatch(model, data, e);
        }
        StringBuilder line = new StringBuilder();
        result.forEach((k, v) -> line.append(line.length() == 0 ? "" : " - ").append(k).append(": ")
                .append(String.format(Locale.ROOT, "%.4f", v)));
        root.out.println(line.append(" (").append(x.dim(0)).append(d.hasTest() ? " test" : "").append(" samples)"));
        root.out.flush();
        return 0;
    }
}
