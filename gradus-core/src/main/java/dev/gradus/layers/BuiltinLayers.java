package dev.gradus.layers;

import dev.gradus.util.Registry;

/**
 * Registers the built-in layers' {@code fromConfig} factories under their Keras class names.
 * {@link Layers}' static initialiser calls {@link #registerAll} once.
 */
final class BuiltinLayers {
    private BuiltinLayers() {}

    static void registerAll(Registry<Layer> registry) {
        // the layers of issue #6 other than InputLayer register here
    }
}
