/** L1 and L2 weight regularizers. */
@Export
@Version("0.1.0")
package dev.kiln.regularizers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
