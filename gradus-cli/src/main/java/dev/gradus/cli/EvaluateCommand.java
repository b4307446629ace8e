package dev.gradus.cli;

import dev.gradus.callbacks.ProgbarLogger;
import dev.gradus.models.Model;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code gradus evaluate MODEL DATA}: the compiled loss and metrics of a saved model on labelled
 * data, as Keras's {@code model.evaluate}. A named dataset is evaluated on its test split, which is
 * what a user checking a model before deploying it wants to see.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the loss and metrics of a compiled MODEL on DATA (a named dataset: its test split).",
                "MODEL: a .keras file (or a config .json with its compile_config: fresh weights).",
                "DATA: " + DataLoader.EXPECTED + "."})
final class EvaluateCommand extends ModelDataCommand {
    @Override
    public Integer call() {
        checkAndApplyStepOptions();
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
