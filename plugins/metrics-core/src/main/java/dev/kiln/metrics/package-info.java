/**
 * Keras's metrics: {@link dev.kiln.metrics.Mean} and {@link dev.kiln.metrics.Sum}; the accuracy family; regression
 * errors; confusion-matrix counts, {@link dev.kiln.metrics.Precision}, {@link dev.kiln.metrics.Recall} and
 * {@link dev.kiln.metrics.AUC}. Each is registered as {@code core>ClassName} with Keras's identifiers as aliases.
 *
 * <pre>{@code
 * model.compile(Compile.with("adam").loss("binary_crossentropy")
 *         .metrics("binary_accuracy", new AUC(), new Precision(new double[] {0.3, 0.5, 0.7})));
 * }</pre>
 */
@Export
@Version("0.1.0")
package dev.kiln.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
