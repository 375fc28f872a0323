/** Layers: the base class, inputs, and the call context. */
@Export
@Version("0.1.0")
package dev.kiln.api.layers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
