/** Kiln's runtime entry point; everything else is internal. */
@Export
@Version("0.1.0")
package dev.kiln.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
