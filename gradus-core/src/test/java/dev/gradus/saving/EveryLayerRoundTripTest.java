package dev.gradus.saving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.autodiff.Variable;
import dev.gradus.layers.*;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in layer in a small functional model: random weights, save to {@code .keras}, load;
 * the loaded model has an equal config and predicts bit for bit the same.
 */
class EveryLayerRoundTripTest {
    @TempDir
    Path dir;

    record Case(String name, Supplier<Layer> layer, int[]... inputs) {}

    static int[] s(int... dims) {
        return dims;
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("Dense", () -> new Dense(3).activation("relu").kernelRegularizer("l2"), s(4)));
        c.add(new Case("Activation", () -> new Activation("tanh"), s(4)));
        c.add(new Case("Dropout", () -> new Dropout(0.3).seed(7), s(4)));
        c.add(new Case("Flatten", Flatten::new, s(2, 3)));
        c.add(new Case("Reshape", () -> new Reshape(3, 2), s(6)));
        c.add(new Case("Permute", () -> new Permute(2, 1), s(2, 3)));
        c.add(new Case("RepeatVector", () -> new RepeatVector(2), s(3)));
        c.add(new Case("Conv1D", () -> new Conv1D(2, 3).padding("causal").activation("relu"), s(8, 2)));
        c.add(new Case("Conv2D", () -> new Conv2D(4, 3).strides(2).padding("same"), s(8, 8, 2)));
        c.add(new Case("MaxPooling1D", () -> new MaxPooling1D(3), s(9, 2)));
        c.add(new Case("MaxPooling2D", () -> new MaxPooling2D().padding("same"), s(5, 5, 2)));
        c.add(new Case("AveragePooling1D", AveragePooling1D::new, s(8, 2)));
        c.add(new Case("AveragePooling2D", () -> new AveragePooling2D().strides(1), s(4, 4, 1)));
        c.add(new Case("GlobalAveragePooling1D", () -> new GlobalAveragePooling1D().keepdims(true), s(5, 2)));
        c.add(new Case("GlobalAveragePooling2D", GlobalAveragePooling2D::new, s(3, 3, 2)));
        c.add(new Case("GlobalMaxPooling1D", GlobalMaxPooling1D::new, s(5, 2)));
        c.add(new Case("GlobalMaxPooling2D", GlobalMaxPooling2D::new, s(3, 3, 2)));
        c.add(new Case("BatchNormalization", () -> new BatchNormalization().momentum(0.9), s(4)));
        c.add(new Case("LayerNormalization", () -> new LayerNormalization().epsilon(1e-5), s(3, 4)));
        c.add(new Case("Embedding", () -> new Embedding(20, 4), s(5)));
        c.add(new Case("Add", Add::new, s(3), s(3)));
        c.add(new Case("Multiply", Multiply::new, s(3), s(3)));
        c.add(new Case("Concatenate", () -> new Concatenate().axis(1), s(3), s(2)));
        c.add(new Case("Normalization", Normalization::new, s(9)));
        c.add(new Case("Rescaling", () -> new Rescaling(1 / 255.0), s(4, 4, 3)));
        c.add(new Case("Resizing", () -> new Resizing(8, 6), s(4, 4, 3)));
        c.add(new Case("RandomRotation", () -> new RandomRotation(0.1), s(8, 8, 1)));
        c.add(new Case("RandomZoom", () -> new RandomZoom(0.1), s(8, 8, 1)));
        c.add(new Case("RandomTranslation", () -> new RandomTranslation(0.1, 0.2), s(8, 8, 1)));
        c.add(new Case("LSTM", () -> new LSTM(4).returnSequences(true), s(5, 3)));
        // #19 conv
        c.add(new Case("Conv2DTranspose", () -> new Conv2DTranspose(3, 3).strides(2).padding("same").outputPadding(1, 0), s(4, 5, 2)));
        c.add(new Case("Conv1DTranspose", () -> new Conv1DTranspose(2, 3).strides(2).activation("relu"), s(5, 3)));
        c.add(new Case("DepthwiseConv2D", () -> new DepthwiseConv2D(3).depthMultiplier(2).padding("same"), s(5, 5, 2)));
        c.add(new Case("DepthwiseConv1D", () -> new DepthwiseConv1D(2), s(6, 3)));
        c.add(new Case("SeparableConv2D", () -> new SeparableConv2D(4, 3).strides(2), s(7, 7, 2)));
        c.add(new Case("SeparableConv1D", () -> new SeparableConv1D(4, 3).padding("same"), s(6, 2)));
        c.add(new Case("UpSampling1D", () -> new UpSampling1D(3), s(4, 2)));
        c.add(new Case("UpSampling2D", () -> new UpSampling2D(2).interpolation("bilinear"), s(3, 3, 2)));
        c.add(new Case("ZeroPadding1D", () -> new ZeroPadding1D(1, 2), s(4, 2)));
        c.add(new Case("ZeroPadding2D", () -> new ZeroPadding2D(1, 2), s(3, 3, 2)));
        c.add(new Case("Cropping1D", Cropping1D::new, s(4, 2)));
        c.add(new Case("Cropping2D", () -> new Cropping2D(new int[][] {{1, 0}, {0, 1}}), s(3, 3, 2)));
        c.add(new Case("ReLU", () -> new ReLU().maxValue(1).negativeSlope(0.1), s(4)));
        c.add(new Case("LeakyReLU", LeakyReLU::new, s(4)));
        c.add(new Case("PReLU", () -> new PReLU().sharedAxes(1), s(3, 2)));
        c.add(new Case("ELU", () -> new ELU(0.5), s(4)));
        c.add(new Case("Softmax", () -> new Softmax().axis(1), s(3, 2)));
        c.add(new Case("SpatialDropout1D", () -> new SpatialDropout1D(0.3).seed(1), s(3, 2)));
        c.add(new Case("SpatialDropout2D", () -> new SpatialDropout2D(0.3), s(3, 3, 2)));
        c.add(new Case("GaussianNoise", () -> new GaussianNoise(0.3), s(4)));
        c.add(new Case("GaussianDropout", () -> new GaussianDropout(0.3).seed(2), s(4)));
        c.add(new Case("ActivityRegularization", () -> new ActivityRegularization(0.1, 0.2), s(4)));
        c.add(new Case("UnitNormalization", UnitNormalization::new, s(4)));
        c.add(new Case("GroupNormalization", () -> new GroupNormalization().groups(2), s(3, 4)));
        c.add(new Case("Subtract", Subtract::new, s(3), s(3)));
        c.add(new Case("Average", Average::new, s(3), s(3)));
        c.add(new Case("Maximum", Maximum::new, s(3), s(3)));
        c.add(new Case("Minimum", Minimum::new, s(3), s(3)));
        c.add(new Case("Dot", () -> new Dot(2, 2).normalize(true), s(4, 3), s(5, 3)));

        // #19 sequence
        c.add(new Case("Masking", () -> new Masking(0.5), s(5, 3)));
        c.add(new Case("SimpleRNN", () -> new SimpleRNN(3).goBackwards(true), s(5, 2)));
        c.add(new Case("GRU", () -> new GRU(3).returnSequences(true), s(5, 2)));
        c.add(new Case("GRU reset_after=False", () -> new GRU(3).resetAfter(false), s(5, 2)));
        c.add(new Case("Bidirectional", () -> new Bidirectional(new LSTM(2).returnSequences(true)), s(5, 3)));
        c.add(new Case("TimeDistributed", () -> new TimeDistributed(new Dense(2)), s(5, 3)));
        c.add(new Case("MultiHeadAttention", () -> new MultiHeadAttention(2, 3).valueDim(4), s(4, 5), s(6, 3)));
        c.add(new Case("Attention", () -> new Attention().useScale(true).scoreMode("concat"), s(4, 3), s(6, 3)));
        c.add(new Case("AdditiveAttention", AdditiveAttention::new, s(4, 3), s(6, 3)));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> saveLoadGivesAnEqualConfigAndIdenticalPredictions() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(Case c) {
        List<KerasTensor> inputs = new ArrayList<>();
        for (int[] shape : c.inputs()) inputs.add(Input.of(shape));
        Layer layer = c.layer().get();
        KerasTensor out = inputs.size() == 1 ? layer.apply(inputs.get(0)) : layer.applySymbolic(inputs);
        Model model = Model.of(inputs, List.of(out));
        long seed = 100;
        for (Variable v : model.weights()) {
            Tensor r = Tensor.randomNormal(seed++, v.shape().dims());
            // variances (BatchNormalization, Normalization) must stay positive
            v.assign(v.name().contains("variance") ? Ops.add(Ops.abs(r), Tensor.scalar(0.5)) : r);
        }
        List<Tensor> xs = new ArrayList<>();
        for (int[] shape : c.inputs()) {
            int[] dims = new int[shape.length + 1];
            dims[0] = 2;
            System.arraycopy(shape, 0, dims, 1, shape.length);
            Tensor x = Tensor.randomNormal(seed++, dims);
            xs.add(c.name().equals("Embedding") ? Ops.floor(Ops.mul(Ops.abs(x), Tensor.scalar(5))) : x);
        }
        Path file = dir.resolve(c.name() + ".keras");
        model.save(file);
        Model back = Models.load(file);
        assertThat(back.getConfig()).isEqualTo(model.getConfig());
        assertThat(back.countParams()).isEqualTo(model.countParams());
        List<Tensor> a = model.predictAll(xs, new dev.gradus.training.PredictOptions().verbose(0));
        List<Tensor> b = back.predictAll(xs, new dev.gradus.training.PredictOptions().verbose(0));
        assertThat(b.get(0).shape()).isEqualTo(a.get(0).shape());
        assertThat(b.get(0).toFloatArray()).isEqualTo(a.get(0).toFloatArray());
    }
}
