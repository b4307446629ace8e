package dev.gradus.losses;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** Mean of absolute errors over the last axis: {@code mean(|y_true - y_pred|)}. */
public class MeanAbsoluteError extends FluentLoss<MeanAbsoluteError> {
    public MeanAbsoluteError() {
        super("mean_absolute_error");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.meanAbsoluteError(a[0], a[1]);
    }

    public static MeanAbsoluteError fromConfig(Map<String, Object> config) {
        return fromBaseConfig(new MeanAbsoluteError(), config, Config.read("MeanAbsoluteError", config));
    }
}
