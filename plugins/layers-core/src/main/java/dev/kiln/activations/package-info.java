/** Keras's activation functions. */
@Export
@Version("0.1.0")
package dev.kiln.activations;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
