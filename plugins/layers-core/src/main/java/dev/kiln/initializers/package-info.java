/** Keras's weight initializers. */
@Export
@Version("0.1.0")
package dev.kiln.initializers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
