/** Training callbacks and History. */
@Export
@Version("0.1.0")
package dev.kiln.api.callbacks;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
