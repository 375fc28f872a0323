/**
 * Kiln's core types: {@link dev.kiln.api.Tensor}, {@link dev.kiln.api.Shape}, {@link dev.kiln.api.DType},
 * {@link dev.kiln.api.Variable}, {@link dev.kiln.api.GradientTape} and the exception family.
 */
@Export
@Version("0.2.0")
package dev.kiln.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
