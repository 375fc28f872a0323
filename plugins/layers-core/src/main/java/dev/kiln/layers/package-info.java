/** Core layers: Dense, Activation, Dropout, Flatten, Reshape, Concatenate, Add. */
@Export
@Version("0.1.0")
package dev.kiln.layers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
