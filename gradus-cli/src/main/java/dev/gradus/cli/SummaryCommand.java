package dev.gradus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gradus.autodiff.Variable;
import dev.gradus.models.Model;
import dev.gradus.optimizers.Optimizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gradus summary MODEL}: Keras's {@code model.summary()}, the compile config (optimizer,
 * loss, metrics) and the optimizer's state (iterations, learning rate, slot variables), which is
 * what an engineer checks before resuming training or deploying a file someone else saved.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Print MODEL's summary, its compile config and its optimizer's state.",
                "MODEL: a .keras file or a model config .json."})
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    GradusCommand root;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Override
    public Integer call() throws Exception {
        ModelFiles.check(spec, "MODEL", model, ModelFiles.EXPECTED_FILE);
        Model m = ModelFiles.load(Path.of(model), true);
        PrintStream out = root.out;
        m.printSummary(out);
        out.println();
        Map<String, Object> config = dev.gradus.util.Json.parseObject(m.toJson(), "the model's config");
        Object compile = config.get("compile_config");
        if (compile == null || !m.compiled()) {
            out.println("Compile config: none (the model is not compiled)");
        } else {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println("Compile config:");
            out.println(json.writeValueAsString(compile));
        }
        Optimizer opt = m.compiled() ? m.optimizer() : null;
        if (opt != null) {
            out.println();
            out.printf(java.util.Locale.ROOT, "Optimizer state: %s, iterations %d, learning rate %s%n", opt.name(),
                    opt.iterationCount(), Float.toString((float) opt.learningRate()));
            if (!opt.isBuilt() || opt.variables().isEmpty()) out.println("  no slot variables yet (never trained)");
            else for (Variable v : opt.variables()) out.println("  " + v.name() + " " + v.shape());
        }
        out.flush();
        return 0;
    }
}
