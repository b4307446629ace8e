package dev.gradus.saving;

import dev.gradus.autodiff.Variable;
import dev.gradus.layers.Layer;
import dev.gradus.layers.WeightBudget;
import dev.gradus.layers.Layers;
import dev.gradus.models.Model;
import dev.gradus.training.CompileOptions;
import dev.gradus.util.AtomicFiles;
import dev.gradus.util.Check;
import dev.gradus.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras 3's saving API: {@code .keras} archives ({@link #save}, {@link #load}), weights files
 * ({@link #saveWeights}, {@link #loadWeights}) and JSON configs ({@link #toJson},
 * {@link #modelFromJson}). {@code Model.save(..)} and {@code Models.load(..)} delegate here.
 *
 * <p>Loading never runs anything from a file: classes are built only by the registries' factories
 * (a user's classes once registered), {@code Lambda} layers are refused, and the archive and its
 * HDF5 member are read as data with every size and shape checked.
 */
public final class Saving {
    /** The Keras version written to {@code metadata.json}: the config and weights layout are that version's. */
    public static final String KERAS_VERSION = "3.10.0";
    private static final DateTimeFormatter DATE_SAVED = DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss");

    private Saving() {}

    /** Keras's {@code model.save(filepath)}: a {@code .keras} archive with the config, the weights and the optimizer state. */
    public static void save(Model model, Path path) {
        Check.notNull("model", model);
        requireSuffix(path, ".keras", "model.save");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("keras_version", KERAS_VERSION);
        metadata.put("date_saved", LocalDateTime.now().format(DATE_SAVED));
        String config = Json.write(serialize(model));
        KerasArchive.write(path, Json.write(metadata), config, WeightLayout.save(model), Assets.save(model));
    }

    /** Keras's {@code load_model(filepath)}: the model, compiled as it was saved, with its weights and optimizer state. */
    public static Model load(Path path) {
        return load(path, true);
    }

    /**
     * {@code load_model(filepath, compile=False)} when {@code compile} is false: weights only, no optimizer.
     *
     * <p>The file is untrusted data. Its config and metadata are inflated up to a few MB; the model the
     * config describes may declare no more weights than the archive's weights member can hold (checked
     * before each weight is allocated); that member is then inflated up to what the model's weights and
     * optimizer state can occupy; every member's CRC-32 is checked. A damaged or hostile file is an
     * {@link IllegalArgumentException} that names it (an I/O failure an {@link UncheckedIOException}),
     * never another exception or an {@link Error}.
     */
    public static Model load(Path path, boolean compile) {
        requireSuffix(path, ".keras", "load");
        String what = "File " + path;
        return guarded(what, () -> {
            KerasArchive archive = KerasArchive.read(path);
            if (archive.metadata != null) Json.parseObject(archive.metadata, what + ": metadata.json");
            Map<String, Object> config = Json.parseObject(archive.config, what + ": config.json");
            Model model = WeightBudget.within(archive.weightsCeiling() / Float.BYTES, what + ": config.json",
                    () -> deserialize(config, compile, what));
            byte[] weights = archive.weights(weightsBound(model));
            WeightLayout.load(model, H5.read(weights, what + ": model.weights.h5"), compile, what);
            Assets.load(model, archive);
            return model;
        });
    }

    /**
     * The most bytes a weights file of {@code model} can take: its weights, up to four optimizer slots
     * per weight (Adam with AMSGrad and EMA has four), and generous HDF5 overhead per variable.
     */
    static long weightsBound(Model model) {
        long floats = 0, variables = 0;
        for (Variable v : model.weights()) {
            floats += (long) v.shape().size();
            variables++;
        }
        return 5 * (floats * Float.BYTES + variables * 8192) + (4L << 20);
    }

    /**
     * Runs a load, turning what a malformed config or file can still provoke in code that trusts its
     * input (a null, an index, a cast) into an {@link IllegalArgumentException} that names the file.
     */
    private static <T> T guarded(String what, java.util.function.Supplier<T> load) {
        try {
            return load.get();
        } catch (UncheckedIOException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // a layer's or registry's own message (units must be positive, unknown class): add the file
            String message = String.valueOf(e.getMessage());
            if (message.contains(what.substring("File ".length())) || message.startsWith("File not found")) throw e;
            throw new IllegalArgumentException(what + ": " + message, e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException(what + " is malformed: expected a Keras 3 model whose config and weights"
                    + " agree, but reading it failed with " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Keras's {@code model.save_weights(filepath)}: a {@code .weights.h5} file (layer weights, then the optimizer's). */
    public static void saveWeights(Model model, Path path) {
        Check.notNull("model", model);
        requireSuffix(path, ".weights.h5", "saveWeights");
        H5Group weights = WeightLayout.save(model);
        AtomicFiles.write(path, tmp -> H5.write(weights, tmp));
    }

    /** Keras's {@code model.load_weights(filepath)}: from a {@code .weights.h5} file or a {@code .keras} archive. */
    public static void loadWeights(Model model, Path path) {
        Check.notNull("model", model);
        String name = fileName(path, "loadWeights");
        String what = "File " + path;
        guarded(what, () -> {
            H5Group root;
            if (name.endsWith(".keras")) {
                root = H5.read(KerasArchive.read(path).weights(weightsBound(model)), what + ": model.weights.h5");
            } else if (name.endsWith(".weights.h5")) {
                try {
                    root = H5.read(Files.readAllBytes(path), what);
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException("File not found: filepath=" + path);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
                }
            } else {
                throw new IllegalArgumentException("loadWeights: expected a file ending in .weights.h5 or .keras, got " + path);
            }
            WeightLayout.load(model, root, true, what);
            return null;
        });
    }

    /** Keras's {@code model.to_json()}: the serialized model with its compile config (no weights). */
    public static String toJson(Model model) {
        return Json.write(serialize(Check.notNull("model", model)));
    }

    /** Keras's {@code model_from_json(json)}: the model (compiled when the JSON says so) with fresh weights. */
    public static Model modelFromJson(String json) {
        Check.notNull("json", json);
        return deserialize(Json.parseObject(json, "modelFromJson: the argument"), true, "modelFromJson");
    }

    // ------------------------------------------------------------------ configs

    private static Map<String, Object> serialize(Model model) {
        Map<String, Object> out = new LinkedHashMap<>(Layers.serialize(model));
        out.put("compile_config", CompileConfig.of(model));
        return out;
    }

    private static Model deserialize(Map<String, Object> config, boolean compile, String what) {
        refuseCode(config, what);
        Map<String, Object> modelConfig = new LinkedHashMap<>(config);
        Object compileConfig = modelConfig.remove("compile_config");
        Layer layer;
        try {
            layer = Layers.deserialize(modelConfig);
        } catch (IllegalArgumentException e) {
            throw withRegistrationHint(e);
        }
        if (!(layer instanceof Model model)) throw new IllegalArgumentException(what + ": the config describes a "
                + layer.getClass().getSimpleName() + ", not a model");
        if (compile) {
            CompileOptions options;
            try {
                options = CompileConfig.read(compileConfig);
            } catch (IllegalArgumentException e) {
                throw withRegistrationHint(e);
            }
            if (options != null) model.compile(options);
        }
        return model;
    }

    /** Keras {@code Lambda} layers hold Python bytecode (marshal), which is code, not configuration. */
    private static void refuseCode(Object node, String what) {
        if (node instanceof Map<?, ?> m) {
            Object cls = m.get("class_name");
            if ("Lambda".equals(cls) || "TFOpLambda".equals(cls) || "SlicingOpLambda".equals(cls))
                throw new IllegalArgumentException(what + ": refusing to load a " + cls + " layer"
                        + (m.get("config") instanceof Map<?, ?> c && c.get("name") != null ? " ('" + c.get("name") + "')" : "")
                        + ": it carries Python code, which Gradus never runs. Rewrite it as a registered Layer subclass.");
            for (Object v : m.values()) refuseCode(v, what);
        } else if (node instanceof List<?> l) {
            for (Object v : l) refuseCode(v, what);
        }
    }

    private static IllegalArgumentException withRegistrationHint(IllegalArgumentException e) {
        String msg = String.valueOf(e.getMessage());
        if (!msg.startsWith("Unknown ") || msg.contains(".register(")) return e;
        return new IllegalArgumentException(msg + " Register custom objects before loading: Layers.register(name, type, factory), "
                + "Losses.register(name, type, factory), Metrics.register(name, factory) or Activations.register(name, fn), "
                + "under the class_name (or registered_name) the file uses.", e);
    }

    private static void requireSuffix(Path path, String suffix, String what) {
        if (!fileName(path, what).endsWith(suffix)) throw new IllegalArgumentException("Invalid `filepath` argument: expected a `"
                + suffix + "` extension. Received: filepath=" + path);
    }

    /** The file name of {@code path}; a path without one (the root {@code /}) is refused by name. */
    private static String fileName(Path path, String what) {
        Check.notNull("filepath", path);
        Path name = path.getFileName();
        if (name == null) throw new IllegalArgumentException(what + ": expected a path to a file, got " + path
                + ", which has no file name");
        return name.toString();
    }
}
