package dev.kiln.runtime.internal.tensor;

import dev.kiln.api.KilnException;
import dev.kiln.api.Shape;
import dev.kiln.api.ShapeMismatchException;
import dev.kiln.api.Tensor;
import dev.kiln.api.Variable;
import dev.kiln.backend.spi.BackendArray;
import dev.kiln.runtime.internal.trace.Recorder;
import java.util.function.Function;

/** A variable: its array is never owned by a step scope, and assign swaps in a private copy. */
public final class EagerVariable extends EagerTensor implements Variable {
    private final String name;
    private final boolean trainable;
    private final Function<Tensor, BackendArray> copier;

    /** {@code copier} returns a fresh array (not registered in any scope) holding a tensor's values. */
    public EagerVariable(BackendArray array, String name, boolean trainable, Function<Tensor, BackendArray> copier) {
        super(array);
        this.name = name;
        this.trainable = trainable;
        this.copier = copier;
    }

    @Override
    public String name() { return name; }

    @Override
    public boolean trainable() { return trainable; }

    @Override
    public void assign(Tensor value) {
        if (value == null) {
            throw new ShapeMismatchException(KilnException.message("Cannot assign null to variable `" + name + "`.", shape(), "null", null));
        }
        if (!value.shape().equals(shape())) {
            throw new ShapeMismatchException(KilnException.message("Cannot assign to variable `" + name + "`: the shapes differ.",
                    shape(), value.shape(), "assign a value of the variable's shape"));
        }
        BackendArray old = array();
        BackendArray fresh = copier.apply(value.dtype() == dtype() ? value : value.cast(dtype()));
        replace(fresh);
        old.close();
        Recorder r = Recorder.active();
        if (r != null) {
            r.write(this, fresh);
        }
    }

    /**
     * Takes {@code fresh} as the new value without copying it: for arrays no tensor and no scope holds (the outputs
     * of a fused optimizer update).
     */
    public void adopt(BackendArray fresh) {
        checkAdoptable(fresh);
        BackendArray old = array();
        replace(fresh);
        old.close();
        Recorder r = Recorder.active();
        if (r != null) {
            r.write(this, fresh);
        }
    }

    /** Fails unless {@code fresh} has this variable's shape and dtype. */
    public void checkAdoptable(BackendArray fresh) {
        if (!Shape.of(fresh.shape()).equals(shape()) || fresh.dtype() != dtype()) {
            throw new ShapeMismatchException(KilnException.message("Cannot assign to variable `" + name + "`: the update's output "
                    + "differs from it.", shape() + " " + dtype(), Shape.of(fresh.shape()) + " " + fresh.dtype(),
                    "return outputs shaped and typed like the variables they update"));
        }
    }

    @Override
    public Tensor value() {
        BackendArray copy = copier.apply(this);
        dev.kiln.backend.spi.TensorScope.register(copy);
        return new EagerTensor(copy);
    }

    @Override
    public String toString() { return "Variable(" + name + ", " + super.toString() + ")"; }
}
