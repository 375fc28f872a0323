/** Weight and activity regularizers. */
@Export
@Version("0.1.0")
package dev.kiln.api.regularizers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
