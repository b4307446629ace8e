package dev.gradus.cli;

import dev.gradus.models.Model;
import dev.gradus.models.Models;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/** Reads a MODEL argument that names a file: a {@code .keras} archive or a Keras model config JSON. */
final class ModelFiles {
    enum Kind { KERAS, JSON, WEIGHTS }

    static final String EXPECTED_FILE = "a .keras file or a Keras model config .json (model.to_json())";

    private ModelFiles() {}

    static Kind kind(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".keras")) return Kind.KERAS;
        if (name.endsWith(".json")) return Kind.JSON;
        if (name.endsWith(".weights.h5")) return Kind.WEIGHTS;
        return null;
    }

    /** Checks that {@code path} is an existing model file before anything is loaded (a usage error otherwise). */
    static Kind check(CommandSpec spec, String argument, String path, String expected) {
        Path p = Path.of(path);
        Kind kind = kind(p);
        if (kind == null || kind == Kind.WEIGHTS) throw Usage.error(spec, argument, expected, "'" + path + "'"
                + (kind == Kind.WEIGHTS ? " (a weights file holds no architecture: join it to its config with"
                + " 'gradus convert CONFIG.json --weights " + path + " MODEL.keras')" : ""));
        if (!Files.isRegularFile(p)) throw Usage.error(spec, argument, expected, "'" + path + "' (no such file)");
        return kind;
    }

    /** Loads a model file; {@code compile} as Keras's {@code load_model(compile=...)}. A file that fails to load is exit 1. */
    static Model load(Path path, boolean compile) {
        try {
            return switch (kind(path)) {
                case KERAS -> Models.load(path, compile);
                case JSON -> Models.modelFromJson(Files.readString(path));
                case WEIGHTS -> throw new IllegalArgumentException("a weights file holds no architecture");
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ModelLoadException("MODEL: cannot load " + path + ": " + message, e);
        }
    }

    /** The model refused the data (an input or label shape it does not take): a failure naming both arguments. */
    static IllegalArgumentException mismatch(String model, String data, IllegalArgumentException e) {
        return new IllegalArgumentException("MODEL " + model + " does not fit DATA " + data + ": " + e.getMessage(), e);
    }

    /** A model file that exists but does not load: corrupt, from an unsupported Keras, or refused for safety. */
    static final class ModelLoadException extends RuntimeException {
        ModelLoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static String dims(int[] d) {
        return dev.gradus.tensor.Shape.format(d == null ? new int[0] : Arrays.copyOf(d, d.length));
    }
}
