/**
 * The kernel contract an execution backend implements: ONNX (opset 17) operators on {@link
 * dev.kiln.backend.spi.BackendArray}s, capabilities, and the {@link dev.kiln.backend.spi.TensorScope} that owns
 * native memory.
 */
@Export
@Version("0.6.0")
package dev.kiln.backend.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
