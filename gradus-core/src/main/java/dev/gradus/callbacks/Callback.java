package dev.gradus.callbacks;

import dev.gradus.models.Model;
import java.util.Map;

/**
 * A hook into {@code fit}, {@code evaluate} and {@code predict}, as Keras's {@code Callback}: every
 * method does nothing by default; override the ones you need. Epoch indices are 0-based.
 *
 * <p>Logs map names to values ({@code Double} for losses and metrics). In {@code fit}:
 * batch-end logs hold the running (epoch-to-date) values, epoch-end logs the epoch's values plus the
 * {@code val_} entries; a callback may add entries to the epoch-end logs (History sees them, because
 * History and the progress bar run after the user's callbacks). {@code onPredictBatchEnd} receives
 * {@code {"outputs": List<Tensor>}}.
 */
public abstract class Callback {
    private Model model;
    private Map<String, Object> params = Map.of();

    /** The model being trained, evaluated or used for prediction (set before the first hook). */
    public Model model() {
        return model;
    }

    public void setModel(Model model) {
        this.model = model;
    }

    /** Keras's {@code params}: {@code verbose}, {@code epochs}, {@code steps}. */
    public Map<String, Object> params() {
        return params;
    }

    public void setParams(Map<String, Object> params) {
        this.params = params == null ? Map.of() : params;
    }

    public void onTrainBegin(Map<String, Object> logs) {}

    public void onTrainEnd(Map<String, Object> logs) {}

    public void onEpochBegin(int epoch, Map<String, Object> logs) {}

    public void onEpochEnd(int epoch, Map<String, Object> logs) {}

    public void onTestBegin(Map<String, Object> logs) {}

    public void onTestEnd(Map<String, Object> logs) {}

    public void onPredictBegin(Map<String, Object> logs) {}

    public void onPredictEnd(Map<String, Object> logs) {}

    /** Called by the default {@link #onTrainBatchBegin} (Keras's backwards-compatible alias). */
    public void onBatchBegin(int batch, Map<String, Object> logs) {}

    /** Called by the default {@link #onTrainBatchEnd} (Keras's backwards-compatible alias). */
    public void onBatchEnd(int batch, Map<String, Object> logs) {}

    public void onTrainBatchBegin(int batch, Map<String, Object> logs) {
        onBatchBegin(batch, logs);
    }

    public void onTrainBatchEnd(int batch, Map<String, Object> logs) {
        onBatchEnd(batch, logs);
    }

    public void onTestBatchBegin(int batch, Map<String, Object> logs) {}

    public void onTestBatchEnd(int batch, Map<String, Object> logs) {}

    public void onPredictBatchBegin(int batch, Map<String, Object> logs) {}

    public void onPredictBatchEnd(int batch, Map<String, Object> logs) {}
}
