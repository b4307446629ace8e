package dev.gradus.callbacks;

import dev.gradus.models.Model;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Several callbacks called in order, as Keras's {@code CallbackList}. With {@code addHistory} a
 * {@link History} is appended, and with {@code addProgbar} (verbose not 0) a {@link ProgbarLogger},
 * both after the user's callbacks, so that entries the user's callbacks add to the epoch logs
 * reach the history and the progress bar.
 */
public final class CallbackList extends Callback {
    private final List<Callback> callbacks = new ArrayList<>();
    private History history;

    public CallbackList(List<? extends Callback> callbacks, boolean addHistory, boolean addProgbar, Model model,
                        Map<String, Object> params) {
        if (callbacks != null) for (int i = 0; i < callbacks.size(); i++)
            this.callbacks.add(Check.notNull("callbacks[" + i + "]", callbacks.get(i)));
        if (addHistory) {
            for (Callback c : this.callbacks) if (c instanceof History h) history = h;
            if (history == null) {
                history = new History();
                this.callbacks.add(history);
            }
        }
        if (addProgbar && this.callbacks.stream().noneMatch(c -> c instanceof ProgbarLogger)) this.callbacks.add(new ProgbarLogger());
        if (model != null) setModel(model);
        setParams(params);
    }

    public List<Callback> callbacks() {
        return Collections.unmodifiableList(callbacks);
    }

    /** The History of this list (null when none was added). */
    public History history() {
        return history;
    }

    @Override
    public void setModel(Model model) {
        super.setModel(model);
        for (Callback c : callbacks) c.setModel(model);
    }

    @Override
    public void setParams(Map<String, Object> params) {
        super.setParams(params);
        for (Callback c : callbacks) c.setParams(params);
    }

    @Override public void onTrainBegin(Map<String, Object> logs) { for (Callback c : callbacks) c.onTrainBegin(logs); }
    @Override public void onTrainEnd(Map<String, Object> logs) { for (Callback c : callbacks) c.onTrainEnd(logs); }
    @Override public void onEpochBegin(int epoch, Map<String, Object> logs) { for (Callback c : callbacks) c.onEpochBegin(epoch, logs); }
    @Override public void onEpochEnd(int epoch, Map<String, Object> logs) { for (Callback c : callbacks) c.onEpochEnd(epoch, logs); }
    @Override public void onTestBegin(Map<String, Object> logs) { for (Callback c : callbacks) c.onTestBegin(logs); }
    @Override public void onTestEnd(Map<String, Object> logs) { for (Callback c : callbacks) c.onTestEnd(logs); }
    @Override public void onPredictBegin(Map<String, Object> logs) { for (Callback c : callbacks) c.onPredictBegin(logs); }
    @Override public void onPredictEnd(Map<String, Object> logs) { for (Callback c : callbacks) c.onPredictEnd(logs); }
    @Override public void onTrainBatchBegin(int batch, Map<String, Object> logs) { for (Callback c : callbacks) c.onTrainBatchBegin(batch, logs); }
    @Override public void onTrainBatchEnd(int batch, Map<String, Object> logs) { for (Callback c : callbacks) c.onTrainBatchEnd(batch, logs); }
    @Override public void onTestBatchBegin(int batch, Map<String, Object> logs) { for (Callback c : callbacks) c.onTestBatchBegin(batch, logs); }
    @Override public void onTestBatchEnd(int batch, Map<String, Object> logs) { for (Callback c : callbacks) c.onTestBatchEnd(batch, logs); }
    @Override public void onPredictBatchBegin(int batch, Map<String, Object> logs) { for (Callback c : callbacks) c.onPredictBatchBegin(batch, logs); }
    @Override public void onPredictBatchEnd(int batch, Map<String, Object> logs) { for (Callback c : callbacks) c.onPredictBatchEnd(batch, logs); }
}
