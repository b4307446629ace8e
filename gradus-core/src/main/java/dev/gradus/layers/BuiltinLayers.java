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
        // #19 preprocessing
        registry.builtin("StringLookup", StringLookup::fromConfig);
        registry.builtin("IntegerLookup", IntegerLookup::fromConfig);
        registry.builtin("CategoryEncoding", CategoryEncoding::fromConfig);
        registry.builtin("Hashing", Hashing::fromConfig);
        registry.builtin("Discretization", Discretization::fromConfig);
        registry.builtin("TextVectorization", TextVectorization::fromConfig);

        // #19 conv
        registry.builtin("Conv1DTranspose", Conv1DTranspose::fromConfig, "Convolution1DTranspose");
        registry.builtin("Conv2DTranspose", Conv2DTranspose::fromConfig, "Convolution2DTranspose");
        registry.builtin("DepthwiseConv1D", DepthwiseConv1D::fromConfig);
        registry.builtin("DepthwiseConv2D", DepthwiseConv2D::fromConfig);
        registry.builtin("SeparableConv1D", SeparableConv1D::fromConfig, "SeparableConvolution1D");
        registry.builtin("SeparableConv2D", SeparableConv2D::fromConfig, "SeparableConvolution2D");
        registry.builtin("UpSampling1D", UpSampling1D::fromConfig);
        registry.builtin("UpSampling2D", UpSampling2D::fromConfig);
        registry.builtin("ZeroPadding1D", ZeroPadding1D::fromConfig);
        registry.builtin("ZeroPadding2D", ZeroPadding2D::fromConfig);
        registry.builtin("Cropping1D", Cropping1D::fromConfig);
        registry.builtin("Cropping2D", Cropping2D::fromConfig);
        registry.builtin("ReLU", ReLU::fromConfig);
        registry.builtin("LeakyReLU", LeakyReLU::fromConfig);
        registry.builtin("PReLU", PReLU::fromConfig);
        registry.builtin("ELU", ELU::fromConfig);
        registry.builtin("Softmax", Softmax::fromConfig);
        registry.builtin("SpatialDropout1D", SpatialDropout1D::fromConfig);
        registry.builtin("SpatialDropout2D", SpatialDropout2D::fromConfig);
        registry.builtin("GaussianNoise", GaussianNoise::fromConfig);
        registry.builtin("GaussianDropout", GaussianDropout::fromConfig);
        registry.builtin("ActivityRegularization", ActivityRegularization::fromConfig);
        registry.builtin("UnitNormalization", UnitNormalization::fromConfig);
        registry.builtin("GroupNormalization", GroupNormalization::fromConfig);
        registry.builtin("Subtract", Subtract::fromConfig);
        registry.builtin("Average", Average::fromConfig);
        registry.builtin("Maximum", Maximum::fromConfig);
        registry.builtin("Minimum", Minimum::fromConfig);
        registry.builtin("Dot", Dot::fromConfig);

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
