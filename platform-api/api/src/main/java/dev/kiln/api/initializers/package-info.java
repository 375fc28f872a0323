/** Weight initializers. */
@Export
@Version("0.1.0")
package dev.kiln.api.initializers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
