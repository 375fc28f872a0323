/** Losses: the base class that does reduction and weighting. */
@Export
@Version("0.1.0")
package dev.kiln.api.losses;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
