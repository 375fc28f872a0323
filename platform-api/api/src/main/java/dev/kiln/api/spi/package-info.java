/** The seam between the api and the runtime that implements it. */
@Export
@Version("0.4.0")
package dev.kiln.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
