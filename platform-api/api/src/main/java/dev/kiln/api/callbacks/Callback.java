package dev.kiln.api.callbacks;

import dev.kiln.api.models.Model;
import java.util.Map;

/**
 * Hooks called by {@code fit}, {@code evaluate} and {@code predict}; every hook is a no-op by default.
 * {@code logs} hold the latest metric values by Keras's names ({@code loss}, {@code val_loss},
 * {@code sparse_categorical_accuracy}). A callback may change the model (stop training, set the learning rate).
 *
 * <pre>{@code
 * Callback stopAtLoss = new Callback() {
 *     private Model model;
 *     public void setModel(Model m) { model = m; }
 *     public void onEpochEnd(int epoch, Map<String, Double> logs) {
 *         if (logs.get("loss") < 0.3) {
 *             model.setStopTraining(true);
 *         }
 *     }
 * };
 * model.fit(x, y, Fit.options().epochs(10).callbacks(stopAtLoss));
 * }</pre>
 */
public interface Callback {
    /** The model being trained, evaluated or used to predict; called before any other hook. */
    default void setModel(Model model) {}

    /** Run parameters: {@code epochs}, {@code steps}, {@code verbose}. */
    default void setParams(Map<String, Object> params) {}

    default void onTrainBegin(Map<String, Double> logs) {}

    default void onTrainEnd(Map<String, Double> logs) {}

    /** {@code epoch} counts from 0. */
    default void onEpochBegin(int epoch, Map<String, Double> logs) {}

    /** {@code logs} hold the epoch's training and validation results. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    default void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

    /** {@code logs} hold the running results of the epoch so far. */
    default void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

    default void onTestBegin(Map<String, Double> logs) {}

    default void onTestEnd(Map<String, Double> logs) {}

    default void onTestBatchBegin(int batch, Map<String, Double> logs) {}

    default void onTestBatchEnd(int batch, Map<String, Double> logs) {}

    default void onPredictBegin(Map<String, Double> logs) {}

    default void onPredictEnd(Map<String, Double> logs) {}

    default void onPredictBatchBegin(int batch, Map<String, Double> logs) {}

    default void onPredictBatchEnd(int batch, Map<String, Double> logs) {}
}
