/**
 * Keras's losses for Kiln: cross-entropies, regression errors, hinge losses, divergences, each a
 * {@link dev.kiln.api.losses.Loss} with Keras's arguments, defaults, formulas and names.
 *
 * <pre>{@code
 * model.compile(Compile.with(new RMSprop(1e-3)).loss(new SparseCategoricalCrossentropy(true)));
 * Loss mse = Loss.get("mse");                                       // by Keras identifier
 * Loss huber = new Huber(0.5, Reduction.SUM, "robust");            // Keras's constructor arguments
 * }</pre>
 */
@Export
@Version("0.1.0")
package dev.kiln.losses;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
