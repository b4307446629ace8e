package dev.gradus.tensor.kernels;

/**
 * The weighted class confusion matrix of the IoU metrics: {@code cm[true][pred] += weight} over
 * pairs of class ids, as Keras's {@code confusion_matrix} scatter.
 */
public final class ClassConfusion {
    private ClassConfusion() {}

    /**
     * A {@code numClasses x numClasses} row-major matrix (rows: true class, columns: predicted
     * class) of the summed weights, accumulated in double and rounded once. Ids are truncated toward zero, as a cast to int does; pairs with
     * an id outside {@code [0, numClasses)} or NaN are dropped (Keras's scatter drops out-of-bounds
     * updates), and so are pairs whose true id is {@code ignoreClass} when {@code ignore} is set.
     *
     * @param weights one weight per pair, or null for 1
     * @param integer the IoU metrics' default int dtype: ids and weights are truncated toward zero
     *     before anything else, so a weight of 0.5 counts as 0 and a true id of 2.7 matches ignore 2
     */
    public static float[] matrix(float[] yTrue, float[] yPred, float[] weights, int numClasses,
                                  boolean ignore, float ignoreClass, boolean integer) {
        if (yTrue.length != yPred.length || (weights != null && weights.length != yTrue.length))
            throw new IllegalArgumentException("ClassConfusion.matrix: " + yTrue.length + " true ids, " + yPred.length
                    + " predicted ids and " + (weights == null ? "no" : String.valueOf(weights.length)) + " weights");
        double[] cm = new double[numClasses * numClasses];
        for (int i = 0; i < yTrue.length; i++) {
            float t = yTrue[i], p = yPred[i];
            if (ignore && (integer ? (float) (long) t : t) == ignoreClass) continue;
            // the comparisons are false for NaN, which is dropped with the out-of-range ids
            if (!(t > -1 && t < numClasses && p > -1 && p < numClasses)) continue;
            double w = weights == null ? 1 : integer ? (double) (long) weights[i] : weights[i];
            cm[(int) t * numClasses + (int) p] += w;
        }
        float[] out = new float[cm.length];
        for (int i = 0; i < cm.length; i++) out[i] = (float) cm[i];
        return out;
    }
}
