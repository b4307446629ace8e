package dev.gradus.saving;

import dev.gradus.layers.HasAssets;
import dev.gradus.layers.Layer;
import dev.gradus.models.Model;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Keras's asset store ({@code save_assets}/{@code load_assets}): a layer that keeps files
 * ({@link HasAssets}, the lookup layers' {@code vocabulary.txt}) stores them in the archive under
 * {@code assets/<its weights path>/}, the path Keras's {@code _save_state} walks ({@code
 * layers/string_lookup}, a nested model's {@code layers/functional/layers/...}), so files written by
 * Python load here and the other way.
 */
final class Assets {
    private Assets() {}

    /** Every asset file of the model, by its name under {@code assets/}. */
    static Map<String, byte[]> save(Model model) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        walk(model, "", (layer, path) -> {
            for (Map.Entry<String, byte[]> f : layer.saveAssets().entrySet()) out.put(path + "/" + f.getKey(), f.getValue());
        });
        return out;
    }

    /** Gives each asset layer the files in its folder of the archive. */
    static void load(Model model, KerasArchive archive) {
        walk(model, "", (layer, path) -> layer.loadAssets(archive.assets(path)));
    }

    private static void walk(Model model, String path, BiConsumer<HasAssets, String> action) {
        walk(model, path, action, new IdentityHashMap<>());
    }

    private static void walk(Layer layer, String path, BiConsumer<HasAssets, String> action, Map<Layer, Boolean> seen) {
        if (seen.put(layer, Boolean.TRUE) != null) return;
        if (layer instanceof HasAssets a && !path.isEmpty()) action.accept(a, path);
        for (Map.Entry<String, Layer> n : layer.namedSublayers().entrySet()) walk(n.getValue(), join(path, n.getKey()), action, seen);
        if (layer instanceof Model m)
            for (Map.Entry<String, Layer> c : m.layersForSaving().entrySet()) walk(c.getValue(), join(path, "layers/" + c.getKey()), action, seen);
    }

    private static String join(String path, String child) {
        return path.isEmpty() ? child : path + "/" + child;
    }
}
