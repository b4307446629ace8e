package dev.gradus.cli;

import dev.gradus.models.Model;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gradus convert IN OUT}: moves a model between Keras's three file forms. A {@code .keras}
 * archive splits into its config JSON ({@code model.to_json()}) and its {@code .weights.h5}; a
 * config JSON with {@code --weights} joins back into a {@code .keras} archive. The target's suffix
 * says which form to write.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a model between .keras, .weights.h5 and config .json; OUT's suffix picks the form.",
                "IN: a .keras file, or a config .json (with --weights FILE.weights.h5 for its weights)."},
        footer = {"", "Examples:", "  gradus convert model.keras model.json",
                "  gradus convert model.keras model.weights.h5",
                "  gradus convert model.json --weights model.weights.h5 model.keras"})
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    GradusCommand root;

    @Parameters(index = "0", paramLabel = "IN")
    String in;

    @Parameters(index = "1", paramLabel = "OUT")
    Path out;

    @Option(names = "--weights", paramLabel = "FILE", description = "A .weights.h5 file to load into IN's model.")
    Path weights;

    @Override
    public Integer call() {
        ModelFiles.Kind target = ModelFiles.kind(out);
        if (target == null) throw Usage.error(spec, "OUT", "a file name ending in .keras, .weights.h5 or .json", Usage.quote(out));
        ModelFiles.Kind source = ModelFiles.check(spec, "IN", in, ModelFiles.EXPECTED_FILE);
        if (weights != null) {
            if (ModelFiles.kind(weights) != ModelFiles.Kind.WEIGHTS && ModelFiles.kind(weights) != ModelFiles.Kind.KERAS)
                throw Usage.error(spec, "--weights", "a .weights.h5 or .keras file", Usage.quote(weights));
            if (!Files.isRegularFile(weights)) throw Usage.error(spec, "--weights", "an existing file", "'" + weights + "' (no such file)");
        } else if (source == ModelFiles.Kind.JSON && target != ModelFiles.Kind.JSON) {
            throw Usage.error(spec, "--weights", "the weights file that goes with " + in + " (a config holds no weights)", "nothing");
        }
        if (Path.of(in).toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize()))
            throw Usage.error(spec, "OUT", "a file other than IN", Usage.quote(out));
        Model m = ModelFiles.load(Path.of(in), true);
        if (weights != null) m.loadWeights(weights);
        switch (target) {
            case KERAS -> m.save(out);
            case WEIGHTS -> m.saveWeights(out);
            case JSON -> OutputFiles.write(out, m.toJson().getBytes(StandardCharsets.UTF_8));
        }
        root.out.println("Wrote " + out + " (" + switch (target) {
            case KERAS -> "Keras 3 archive: config, weights and optimizer state";
            case WEIGHTS -> "weights";
            case JSON -> "model config, no weights";
        } + ")");
        root.out.flush();
        return 0;
    }
}
