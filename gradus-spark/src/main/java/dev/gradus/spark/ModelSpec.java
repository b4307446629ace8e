package dev.gradus.spark;

import java.io.Serializable;

/**
 * A model's architecture and compile config (Keras's {@code to_json}) with an id: broadcast once per
 * model and {@code fit}, and built once per executor JVM ({@link ExecutorModels} keys its cache by the id).
 */
record ModelSpec(String id, String json) implements Serializable {}
