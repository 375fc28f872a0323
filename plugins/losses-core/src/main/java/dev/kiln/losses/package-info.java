/** Keras's losses: cross-entropies, regression errors, hinge losses, divergences. */
@Export
@Version("0.1.0")
package dev.kiln.losses;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
