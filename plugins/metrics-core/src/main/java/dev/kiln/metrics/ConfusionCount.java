package dev.kiln.metrics;

import dev.kiln.api.DType;
import dev.kiln.api.Shape;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.api.metrics.Metric;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.registry.NamedComponent;
import dev.kiln.metrics.internal.ConfusionState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cell of the confusion matrix, accumulated with sample weights: Keras's TruePositives, FalsePositives,
 * TrueNegatives and FalseNegatives. Several thresholds give a vector result.
 *
 * <pre>{@code
 * Metric tp = ConfusionCount.truePositives(0.5);
 * Metric fnAt = ConfusionCount.of(ConfusionCount.Cell.FALSE_NEGATIVES, new double[] {0.3, 0.7});
 * }</pre>
 */
public final class ConfusionCount extends Metric implements NamedComponent {
    /** Which count. */
    public enum Cell {
        TRUE_POSITIVES("true_positives", "TruePositives"), FALSE_POSITIVES("false_positives", "FalsePositives"),
        TRUE_NEGATIVES("true_negatives", "TrueNegatives"), FALSE_NEGATIVES("false_negatives", "FalseNegatives");

        final String kerasName;
        final String className;

        Cell(String kerasName, String className) {
            this.kerasName = kerasName;
            this.className = className;
        }
    }

    private final Cell cell;
    private final ConfusionState state;
    private final boolean vector;

    private ConfusionCount(String name, Cell cell, double[] thresholds, boolean vector) {
        super(name);
        this.cell = cell;
        this.vector = vector;
        this.state = new ConfusionState(thresholds, (n, s) -> addState(n, s, DType.FLOAT64));
    }

    public static ConfusionCount of(Cell cell, double... thresholds) {
        return new ConfusionCount(cell.kerasName, cell, thresholds.length == 0 ? new double[] {0.5} : thresholds, thresholds.length > 1);
    }

    public static ConfusionCount truePositives(double threshold) { return of(Cell.TRUE_POSITIVES, threshold); }

    public static ConfusionCount falsePositives(double threshold) { return of(Cell.FALSE_POSITIVES, threshold); }

    public static ConfusionCount trueNegatives(double threshold) { return of(Cell.TRUE_NEGATIVES, threshold); }

    public static ConfusionCount falseNegatives(double threshold) { return of(Cell.FALSE_NEGATIVES, threshold); }

    /** From config: {@code thresholds} is a number or a list. */
    public static ConfusionCount fromConfig(Cell cell, Map<String, Object> c) {
        Object t = c.get("thresholds");
        double[] th = t instanceof Number n ? new double[] {n.doubleValue()} : Configs.doubleArray(c, "thresholds", new double[] {0.5});
        return new ConfusionCount(Configs.string(c, "name", cell.kerasName), cell, th, th.length > 1);
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) { state.update(name(), yTrue, yPred, sampleWeight, null, null); }

    @Override
    public Tensor result() {
        Variable v = switch (cell) {
            case TRUE_POSITIVES -> state.tp;
            case FALSE_POSITIVES -> state.fp;
            case TRUE_NEGATIVES -> state.tn;
            case FALSE_NEGATIVES -> state.fn;
        };
        Tensor r = v.value().cast(DType.FLOAT32);
        return vector ? r : r.reshape();
    }

    @Override
    public String registeredName() { return "core>" + cell.className; }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        double[] th = state.thresholds();
        c.put("thresholds", th.length == 1 ? (Object) th[0] : dev.kiln.api.registry.Configs.list(th));
        return c;
    }

}
