package dev.gradus.layers;

import dev.gradus.util.Check;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Flattens each sample to a vector: {@code (batch, d1, d2, ...)} to {@code (batch, d1 * d2 * ...)};
 * a rank-1 input becomes {@code (batch, 1)}. With "channels_first" the channel axis is moved last
 * first, so that the order of features matches a channels-last model.
 */
public final class Flatten extends FluentLayer<Flatten> {
    private String dataFormat = "channels_last";

    public Flatten() {
        minInputRank(1);
    }

    public Flatten dataFormat(String dataFormat) {
        this.dataFormat = LayerArgs.dataFormat(dataFormat);
        return this;
    }

    public Flatten dataFormat(DataFormat dataFormat) {
        return dataFormat(Check.notNull("data_format", dataFormat).keras());
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor x = inputs;
        if (dataFormat.equals("channels_first") && x.rank() > 2) {
            int[] perm = new int[x.rank()];
            perm[0] = 0;
            for (int i = 1; i < x.rank() - 1; i++) perm[i] = i + 1;
            perm[x.rank() - 1] = 1;
            x = Ops.transpose(x, perm);
        }
        int batch = x.dim(0);
        return Ops.reshape(x, batch, batch == 0 ? 0 : x.size() / batch);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int features = 1;
        for (int i = 1; i < inputShape.length; i++) {
            if (inputShape[i] == NONE) return new int[] {inputShape[0], NONE};
            features *= inputShape[i];
        }
        return new int[] {inputShape[0], features};
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "data_format", dataFormat);
    }

    public static Flatten fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Flatten", config);
        Flatten layer = new Flatten().dataFormat(r.getString("data_format", null));
        readBase(layer, r);
        r.done();
        return layer;
    }
}
