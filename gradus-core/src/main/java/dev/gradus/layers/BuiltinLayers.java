package dev.gradus.layers;

import dev.gradus.util.Registry;

/**
 * Registers the built-in layers' {@code fromConfig} factories under their Keras class names.
 * {@link Layers}' static initialiser calls {@link #registerAll} once.
 */
final class BuiltinLayers {
    private BuiltinLayers() {}

    static void registerAll(Registry<Layer> registry) {
        registry.builtin("Activation", Activation::fromConfig);
        registry.builtin("Dropout", Dropout::fromConfig);
        registry.builtin("Flatten", Flatten::fromConfig);
        registry.builtin("Reshape", Reshape::fromConfig);
        registry.builtin("Permute", Permute::fromConfig);
        registry.builtin("RepeatVector", RepeatVector::fromConfig);
        registry.builtin("Conv1D", Conv1D::fromConfig, "Convolution1D");
        registry.builtin("Conv2D", Conv2D::fromConfig, "Convolution2D");
        registry.builtin("MaxPooling1D", MaxPooling1D::fromConfig, "MaxPool1D");
        registry.builtin("MaxPooling2D", MaxPooling2D::fromConfig, "MaxPool2D");
        registry.builtin("AveragePooling1D", AveragePooling1D::fromConfig, "AvgPool1D");
        registry.builtin("AveragePooling2D", AveragePooling2D::fromConfig, "AvgPool2D");
        registry.builtin("GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig, "GlobalAvgPool1D");
        registry.builtin("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig, "GlobalAvgPool2D");
        registry.builtin("GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig, "GlobalMaxPool1D");
        registry.builtin("GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig, "GlobalMaxPool2D");
        registry.builtin("BatchNormalization", BatchNormalization::fromConfig);
        registry.builtin("LayerNormalization", LayerNormalization::fromConfig);
        registry.builtin("Embedding", Embedding::fromConfig);
        registry.builtin("Add", Add::fromConfig);
        registry.builtin("Concatenate", Concatenate::fromConfig);
        registry.builtin("Multiply", Multiply::fromConfig);
        registry.builtin("Normalization", Normalization::fromConfig);
        registry.builtin("Rescaling", Rescaling::fromConfig);
        registry.builtin("Resizing", Resizing::fromConfig);
        registry.builtin("RandomRotation", RandomRotation::fromConfig);
        registry.builtin("RandomZoom", RandomZoom::fromConfig);
        registry.builtin("RandomTranslation", RandomTranslation::fromConfig);
        registry.builtin("LSTM", LSTM::fromConfig);
        registry.builtin("LSTMCell", LSTMCell::fromConfig);
        // #19 sequence
        registry.builtin("Masking", Masking::fromConfig);
        registry.builtin("SimpleRNN", SimpleRNN::fromConfig);
        registry.builtin("SimpleRNNCell", SimpleRNNCell::fromConfig);
        registry.builtin("GRU", GRU::fromConfig);
        registry.builtin("GRUCell", GRUCell::fromConfig);
        registry.builtin("Bidirectional", Bidirectional::fromConfig);
        registry.builtin("TimeDistributed", TimeDistributed::fromConfig);
        registry.builtin("MultiHeadAttention", MultiHeadAttention::fromConfig);
        registry.builtin("Attention", Attention::fromConfig);
        registry.builtin("AdditiveAttention", AdditiveAttention::fromConfig);
    }
}
