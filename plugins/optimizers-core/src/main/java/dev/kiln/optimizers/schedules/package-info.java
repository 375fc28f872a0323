/** Keras's learning-rate schedules. */
@Export
@Version("0.1.0")
package dev.kiln.optimizers.schedules;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
