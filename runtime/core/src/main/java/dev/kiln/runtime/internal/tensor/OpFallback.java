package dev.kiln.runtime.internal.tensor;

import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.backend.spi.BackendProvider;
import dev.kiln.backend.spi.BackendUnavailableException;
import dev.kiln.backend.spi.UnsupportedOpException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Runs an operator the chosen backend lacks on another installed backend (the java reference backend first),
 * copying inputs over and results back, so a backend that implements most operators natively still runs every
 * model. Each such operator is logged once: the copies cost time, and a backend author wants to know.
 */
public final class OpFallback {
    private static final Logger LOG = Logger.getLogger(OpFallback.class.getName());

    private final ClassLoader loader;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile List<Backend> others;

    public OpFallback(ClassLoader loader) { this.loader = loader; }

    /** Runs {@code opType} on the first other backend that has it; fails as the primary would when none has. */
    public BackendArray[] execute(Backend primary, String opType, Map<String, Object> attributes, BackendArray[] inputs) {
        Backend helper = null;
        for (Backend b : others(primary)) {
            if (b.supportedOps().contains(opType)) {
                helper = b;
                break;
            }
        }
        if (helper == null) {
            // Let the primary raise its own UnsupportedOpException (with its message).
            BackendArray[] outs = primary.execute(opType, attributes, inputs);
            if (outs != null) {
                return outs;
            }
            throw new UnsupportedOpException(primary.name(), opType, "no installed backend implements it");
        }
        if (reported.add(opType)) {
            LOG.info("Backend `" + primary.name() + "` has no kernel for `" + opType + "`; running it on backend `" + helper.name()
                    + "` with copies in and out.");
        }
        BackendArray[] moved = new BackendArray[inputs.length];
        try {
            for (int i = 0; i < inputs.length; i++) {
                moved[i] = inputs[i] == null ? null : copy(inputs[i], helper);
            }
            BackendArray[] outs = helper.execute(opType, attributes, moved);
            BackendArray[] back = new BackendArray[outs.length];
            for (int i = 0; i < outs.length; i++) {
                back[i] = outs[i] == null ? null : copy(outs[i], primary);
                if (outs[i] != null) {
                    outs[i].close();
                }
            }
            return back;
        } finally {
            for (BackendArray m : moved) {
                if (m != null) {
                    m.close();
                }
            }
        }
    }

    /** A copy of {@code a} made by {@code target}. */
    public static BackendArray copy(BackendArray a, Backend target) {
        Object data = switch (a.dtype()) {
            case FLOAT32 -> a.toFloatArray();
            case FLOAT64 -> a.toDoubleArray();
            case INT32 -> a.toIntArray();
            case INT64 -> a.toLongArray();
            case BOOL -> a.toBooleanArray();
        };
        return target.fromArray(data, a.shape().clone(), a.dtype());
    }

    private List<Backend> others(Backend primary) {
        List<Backend> o = others;
        if (o == null) {
            synchronized (this) {
                if (others == null) {
                    List<BackendProvider> providers = new ArrayList<>();
                    ServiceLoader.load(BackendProvider.class, loader).forEach(providers::add);
                    // The reference backend first: it implements every operator the runtime's rules use.
                    providers.sort(Comparator.comparing((BackendProvider p) -> !p.name().equals("java"))
                            .thenComparing(Comparator.comparingInt(BackendProvider::priority).reversed()));
                    List<Backend> started = new ArrayList<>();
                    for (BackendProvider p : providers) {
                        if (p.name().equals(primary.name())) {
                            continue;
                        }
                        try {
                            started.add(p.create());
                        } catch (BackendUnavailableException | LinkageError e) {
                            LOG.fine("Fallback backend " + p.name() + " unavailable: " + e.getMessage());
                        }
                    }
                    others = List.copyOf(started);
                }
                o = others;
            }
        }
        return o;
    }
}
