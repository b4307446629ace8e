package dev.gradus.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the epoch-end logs of {@code fit}, as Keras's {@code History}: {@link #history()} maps each
 * key ({@code loss}, {@code accuracy}, {@code val_loss}, ...) to one value per epoch, and
 * {@link #epochs()} lists the epoch indices. {@code fit} returns it and sets it on the model.
 */
public class History extends Callback {
    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();

    @Override
    public void onTrainBegin(Map<String, Object> logs) {
        epochs.clear(); // as Keras: the epoch list restarts, the values of a reused History accumulate
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Object> logs) {
        epochs.add(epoch);
        if (logs == null) return;
        for (Map.Entry<String, Object> e : logs.entrySet()) {
            if (!(e.getValue() instanceof Number n)) continue;
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(n.doubleValue());
        }
        if (model() != null) model().history(this);
    }

    /** Key → one value per epoch, in the order the keys first appeared. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        history.forEach((k, v) -> out.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(out);
    }

    /** The values of one key, one per epoch; an unknown key names the known ones. */
    public List<Double> get(String key) {
        List<Double> v = history.get(key);
        if (v == null) throw new IllegalArgumentException("History has no key '" + key + "'; keys are " + history.keySet());
        return Collections.unmodifiableList(v);
    }

    /** The 0-based indices of the epochs recorded. */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    @Override
    public String toString() {
        return "History" + history;
    }
}
