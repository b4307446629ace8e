package dev.gradus.models;

import dev.gradus.saving.Saving;
import dev.gradus.util.Check;
import dev.gradus.util.Registry;
import java.nio.file.Path;
import java.util.Map;

/**
 * Keras's {@code keras.models} functions: {@link #load} ({@code load_model}) and
 * {@link #modelFromJson} ({@code model_from_json}); {@code model.save(..)} writes what they read.
 * The work is done in {@code dev.gradus.saving}.
 */
public final class Models {
    private Models() {}

    /** A model saved by {@code model.save} (Gradus or Python Keras 3), compiled as saved, with its weights and optimizer state. */
    public static Model load(Path filepath) {
        return Saving.load(filepath);
    }

    public static Model load(String filepath) {
        return load(Path.of(Check.notNull("filepath", filepath)));
    }

    /** {@code load_model(filepath, compile=compile)}: with {@code compile} false the model is not compiled and no optimizer state is read. */
    public static Model load(Path filepath, boolean compile) {
        return Saving.load(filepath, compile);
    }

    /**
     * {@code load_model(filepath, custom_objects=...)}: the caller's own classes, by the name the file
     * gives them ({@code class_name} or {@code registered_name}), without registering them globally.
     * A value is a class with a public static {@code fromConfig(Map)} (a layer, loss, metric, ...) or
     * a factory {@code Function<Map<String, Object>, ?>}.
     */
    public static Model load(Path filepath, Map<String, ?> customObjects) {
        Check.notNull("custom_objects", customObjects);
        return Registry.withCustomObjects(customObjects, () -> Saving.load(filepath));
    }

    /** A model from {@code model.toJson()}: its architecture (and compile config), with fresh weights. */
    public static Model modelFromJson(String json) {
        return Saving.modelFromJson(json);
    }
}
