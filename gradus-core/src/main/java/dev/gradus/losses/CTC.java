package dev.gradus.losses;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;
import java.util.List;

/**
 * Connectionist temporal classification: y_true (batch, max_label_length) integer labels with 0 as
 * the blank and the padding, y_pred (batch, time, classes) logits. Gives the negative
 * log-likelihood of each label sequence over all alignments.
 */
public class CTC extends FluentLoss<CTC> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CTC> ARGS = KerasArgs.of(CTC.class, CTC::new);

    private static final double LOG_EPSILON = -1e5;

    public CTC() {
        super("ctc");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1]);
    }

    /**
     * The forward algorithm in log space, as optax's ctc_loss (which Keras's JAX backend follows):
     * {@code phi[n]} is the log-probability of having emitted the first n labels and sitting on a
     * blank, {@code emit[n]} of sitting on label n. The label length counts the non-zero entries and
     * the target is the first that many entries of the row, so a 0 inside a row acts as a symbol.
     */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        String fn = "ctc";
        LossSupport.notNull(fn, "y_true", yTrue);
        LossSupport.notNull(fn, "y_pred", yPred);
        if (yTrue.rank() != 2) throw new IllegalArgumentException(fn
                + ": y_true must be integer labels of shape (batch_size, max_length), got shape " + yTrue.shape());
        if (yPred.rank() != 3) throw new IllegalArgumentException(fn
                + ": y_pred must be logits of shape (batch_size, max_length, num_classes), got shape " + yPred.shape());
        int batch = yPred.dim(0), time = yPred.dim(1), classes = yPred.dim(2), labelsLength = yTrue.dim(1);
        if (yTrue.dim(0) != batch) throw new IllegalArgumentException(fn + ": y_true of shape " + yTrue.shape()
                + " and y_pred of shape " + yPred.shape() + " have different batch sizes");
        LossSupport.classIndices(fn, yTrue, classes, null);

        float[] labels = yTrue.toFloatArray();
        int[] labelLength = new int[batch];
        float[] repeat = new float[batch * labelsLength];
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < labelsLength; n++) {
                if (labels[b * labelsLength + n] != 0) labelLength[b]++;
                if (n + 1 < labelsLength && labels[b * labelsLength + n] == labels[b * labelsLength + n + 1])
                    repeat[b * labelsLength + n] = 1;
            }
        }
        Tensor rep = Tensor.of(repeat, batch, labelsLength);
        Tensor repeatPenalty = Ops.mul(rep, LOG_EPSILON);
        Tensor noRepeatPenalty = Ops.mul(LossSupport.oneMinus(rep), LOG_EPSILON);

        Tensor logProbs = Ops.logSoftmax(yPred, -1);                                        // (B, T, C)
        Tensor logPhi = Ops.slice(logProbs, 2, 0, 1);                                          // (B, T, 1), blank = 0
        Tensor index = Ops.expandDims(Tensor.of(labels, batch, labelsLength), 1);             // (B, 1, L)
        Tensor logEmit = Ops.takeAlongAxis(logProbs, broadcastTime(index, time), 2);          // (B, T, L)

        float[] phi0 = new float[batch * (labelsLength + 1)];
        java.util.Arrays.fill(phi0, (float) LOG_EPSILON);
        for (int b = 0; b < batch; b++) phi0[b * (labelsLength + 1)] = 0;
        Tensor phi = Tensor.of(phi0, batch, labelsLength + 1);
        Tensor emit = Tensor.full(LOG_EPSILON, batch, labelsLength);

        for (int t = 0; t < time; t++) {
            Tensor emitT = Ops.squeeze(Ops.slice(logEmit, 1, t, t + 1), 1);                 // (B, L)
            Tensor phiT = Ops.squeeze(Ops.slice(logPhi, 1, t, t + 1), 1);                   // (B, 1)
            // emit -> phi epsilon transition, except into a repeated label
            Tensor prevPhi = addToTail(phi, Ops.add(emit, repeatPenalty));
            Tensor nextEmit = logAddExp(Ops.add(Ops.slice(prevPhi, 1, 0, labelsLength), emitT), Ops.add(emit, emitT));
            Tensor nextPhi = Ops.add(prevPhi, phiT);
            // emit -> phi through a blank, needed only before a repeated label
            nextPhi = addToTail(nextPhi, Ops.add(Ops.add(emit, phiT), noRepeatPenalty));
            phi = nextPhi;
            emit = nextEmit;
        }
        Tensor last = addToTail(phi, emit);                                                   // (B, L + 1)
        float[] pick = new float[batch];
        for (int b = 0; b < batch; b++) pick[b] = labelLength[b];
        Tensor picked = Ops.takeAlongAxis(last, Tensor.of(pick, batch, 1), 1);
        return Ops.neg(Ops.squeeze(picked, 1));
    }

    private static Tensor broadcastTime(Tensor index, int time) {
        return Ops.tile(index, 1, time, 1);
    }

    /** {@code phi[:, 1:] = logaddexp(phi[:, 1:], added)}. */
    private static Tensor addToTail(Tensor phi, Tensor added) {
        int n = phi.dim(1);
        return Ops.concat(List.of(Ops.slice(phi, 1, 0, 1), logAddExp(Ops.slice(phi, 1, 1, n), added)), 1);
    }

    /** log(exp(a) + exp(b)) = max(a, b) + log1p(exp(-|a - b|)); its gradient at a tie is 1/2 each, as it should be. */
    private static Tensor logAddExp(Tensor a, Tensor b) {
        return Ops.add(Ops.maximum(a, b), Ops.log1p(Ops.exp(Ops.neg(Ops.abs(Ops.sub(a, b))))));
    }
}
