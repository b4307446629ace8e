package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's GroupNormalization: the channels ({@code axis}, the last by default) are split into
 * {@code groups} groups and each sample is normalised over each group's channels and every other
 * non-batch axis, then scaled by gamma and shifted by beta per channel. {@code groups = -1} is one
 * group per channel (instance normalisation); 1 is layer normalisation over all features. Unlike
 * BatchNormalization it keeps no statistics, so training and inference compute the same.
 */
public final class GroupNormalization extends BaseNormalization<GroupNormalization> {
    private int groups = 32;
    private int axis = -1;

    public GroupNormalization() {}

    /** The number of groups (default 32); -1 is one per channel. It must divide the channel count. */
    public GroupNormalization groups(int groups) {
        if (groups < 1 && groups != -1) throw new IllegalArgumentException("groups must be >= 1 or -1 (one per channel), got " + groups);
        this.groups = groups;
        return this;
    }

    /** The channel axis (default -1). */
    public GroupNormalization axis(int axis) {
        this.axis = axis;
        return this;
    }

    @Override
    protected void build(int[] inputShape) {
        int a = Shape.normalizeAxis(axis, inputShape.length, "GroupNormalization axis");
        int channels = knownAxisSize(inputShape, a, axis);
        if (groups == -1) groups = channels;
        if (channels < groups) throw new IllegalArgumentException("layer '" + name() + "': number of groups (" + groups
                + ") cannot be more than the number of channels (" + channels + "), input shape " + formatShape(inputShape));
        if (channels % groups != 0) throw new IllegalArgumentException("layer '" + name() + "': number of groups (" + groups
                + ") must divide the number of channels (" + channels + "), input shape " + formatShape(inputShape));
        addGammaAndBeta(new int[] {channels}, scale, center);
        inputRank(inputShape.length);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int rank = inputs.rank(), a = Shape.normalizeAxis(axis, rank, "GroupNormalization axis");
        int[] in = inputs.shape().dims();
        int channels = in[a];
        // (..., groups, channels / groups, ...): statistics over every axis but the batch and the group
        int[] grouped = new int[rank + 1], broadcast = new int[rank + 1];
        for (int i = 0, j = 0; i < rank; i++, j++) {
            if (i == a) {
                grouped[j] = groups;
                broadcast[j] = groups;
                j++;
                grouped[j] = channels / groups;
                broadcast[j] = channels / groups;
            } else {
                grouped[j] = in[i];
                broadcast[j] = 1;
            }
        }
        int[] reduce = new int[rank - 1];
        for (int i = 1, k = 0; i <= rank; i++) if (i != a) reduce[k++] = i;
        Tensor x = Ops.reshape(inputs, grouped);
        Tensor mean = Ops.mean(x, reduce, true);
        Tensor variance = Ops.mean(Ops.square(Ops.sub(x, mean)), reduce, true);
        Tensor out = normalize(x, mean, variance, gamma == null ? null : Ops.reshape(gamma.value(), broadcast),
                beta == null ? null : Ops.reshape(beta.value(), broadcast));
        return Ops.reshape(out, in);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "groups", groups, "axis", axis, "epsilon", epsilon, "center", center, "scale", scale,
                "beta_initializer", LayerArgs.serialize(betaInitializer), "gamma_initializer", LayerArgs.serialize(gammaInitializer),
                "beta_regularizer", LayerArgs.serialize(betaRegularizer), "gamma_regularizer", LayerArgs.serialize(gammaRegularizer),
                "beta_constraint", LayerArgs.serialize(betaConstraint), "gamma_constraint", LayerArgs.serialize(gammaConstraint));
    }

    public static GroupNormalization fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("GroupNormalization", config);
        GroupNormalization layer = new GroupNormalization().groups(r.getInt("groups", 32)).axis(r.getInt("axis", -1)).readAffine(r);
        readBase(layer, r);
        r.done();
        return layer;
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
