package dev.kiln.api.callbacks;

import dev.kiln.api.models.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code fit} returns: per epoch, every value in the epoch-end logs, under Keras's keys ({@code loss},
 * {@code sparse_categorical_accuracy}, {@code val_loss}, ...).
 *
 * <pre>{@code
 * History h = model.fit(x, y, Fit.options().epochs(2).validationSplit(0.2));
 * List<Double> valLoss = h.history().get("val_loss");   // one value per epoch
 * }</pre>
 */
public final class History implements Callback {
    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();
    private Map<String, Object> params = Map.of();
    private Model model;

    @Override
    public void setModel(Model model) { this.model = model; }

    @Override
    public void setParams(Map<String, Object> params) { this.params = Map.copyOf(params); }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** Values by key, one per epoch run, in the order the keys first appeared. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        history.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        return Collections.unmodifiableMap(copy);
    }

    /** The epoch indices run (from {@code initialEpoch}). */
    public List<Integer> epoch() { return List.copyOf(epochs); }

    public Map<String, Object> params() { return params; }

    public Model model() { return model; }

    @Override
    public String toString() { return "History" + history; }
}
