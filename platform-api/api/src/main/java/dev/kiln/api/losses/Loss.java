package dev.kiln.api.losses;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.KilnException;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.layers.Names;
import dev.kiln.api.registry.ComponentKind;
import dev.kiln.api.registry.Configs;
import dev.kiln.api.registry.Configurable;
import dev.kiln.api.registry.Registry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loss: subclasses implement {@link #call} returning per-sample values; {@link #compute} applies sample
 * weights and the {@link Reduction}, as Keras's {@code Loss.__call__} does.
 *
 * <pre>{@code
 * public final class MeanCubicError extends Loss {
 *     public MeanCubicError() { super("mean_cubic_error", Reduction.SUM_OVER_BATCH_SIZE); }
 *
 *     public Tensor call(Tensor yTrue, Tensor yPred) {
 *         return yPred.sub(yTrue).abs().pow(3).mean(-1, false);
 *     }
 * }
 * double l = new MeanCubicError().compute(yTrue, yPred, null).item();
 * }</pre>
 */
public abstract class Loss implements Configurable {
    private final String name;
    private final Reduction reduction;

    protected Loss(String name, Reduction reduction) {
        this.name = name == null ? Names.snakeCase(getClass().getSimpleName()) : name;
        this.reduction = reduction == null ? Reduction.SUM_OVER_BATCH_SIZE : reduction;
    }

    /** Reads {@code name} and {@code reduction} from a config. */
    protected Loss(Map<String, Object> config, String defaultName) {
        this(Configs.string(config, "name", defaultName), Reduction.of(Configs.string(config, "reduction", "sum_over_batch_size")));
    }

    /** Per-sample losses; {@code yTrue} has already been cast to {@code yPred}'s dtype unless integer labels are expected. */
    public abstract Tensor call(Tensor yTrue, Tensor yPred);

    /** Whether {@link #call} takes integer labels as they are (sparse losses); otherwise they are cast to float. */
    protected boolean takesIntegerLabels() { return false; }

    /**
     * The weighted, reduced loss.
     *
     * @param sampleWeight per-sample weights broadcastable to the per-sample losses, or {@code null}
     */
    public final Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (yTrue == null || yPred == null) {
            throw new InvalidArgumentException(KilnException.message("Loss `" + name + "` needs targets and predictions.",
                    "two tensors", (yTrue == null ? "y_true=null" : "y_true") + ", " + (yPred == null ? "y_pred=null" : "y_pred"), null));
        }
        Tensor t = takesIntegerLabels() || yTrue.dtype() == yPred.dtype() ? yTrue : yTrue.cast(yPred.dtype());
        Tensor values = call(t, yPred);
        if (sampleWeight != null) {
            Tensor w = sampleWeight.cast(values.dtype());
            int vr = values.shape().rank();
            int wr = w.shape().rank();
            if (wr > vr) {
                // a (batch, 1) weight on (batch,) losses, as Keras squeezes
                w = w.reshape(values.shape().dims());
            } else if (wr < vr) {
                int[] d = new int[vr];
                int[] wd = w.shape().dims();
                for (int i = 0; i < vr; i++) {
                    d[i] = i < wr ? wd[i] : 1;
                }
                w = w.reshape(d);
            }
            if (w.shape().rank() > 0 && values.shape().rank() > 0 && w.shape().dim(0) != values.shape().dim(0)) {
                throw new ShapeMismatchException(KilnException.message("Sample weights do not match the batch.",
                        "one weight per sample, shape " + values.shape(), w.shape(), "pass sample_weight with one entry per sample"));
            }
            values = values.mul(w);
        }
        return reduce(values);
    }

    private Tensor reduce(Tensor values) {
        switch (reduction) {
            case NONE:
                return values;
            case SUM:
                return values.sum();
            default:
                long n = values.shape().size();
                return n == 0 ? values.sum() : values.sum().div((double) n);
        }
    }

    public final String name() { return name; }

    public final Reduction reduction() { return reduction; }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("reduction", reduction.kerasName());
        return c;
    }

    /** The loss registered under {@code id}, e.g. {@code "sparse_categorical_crossentropy"}. */
    public static Loss get(String id) { return Registry.get().create(ComponentKind.LOSS, id, Map.of(), Loss.class); }

    /** Wraps a function as a loss named {@code name}, reduced as Keras reduces function losses. */
    public static Loss of(String name, LossFunction fn) {
        return new Loss(name, Reduction.SUM_OVER_BATCH_SIZE) {
            @Override
            public Tensor call(Tensor yTrue, Tensor yPred) { return fn.call(yTrue, yPred); }
        };
    }
}
