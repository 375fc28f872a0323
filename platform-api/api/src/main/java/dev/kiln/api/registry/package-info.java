/** Plugins, the registry of named components, and config round-tripping. */
@Export
@Version("0.1.0")
package dev.kiln.api.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
