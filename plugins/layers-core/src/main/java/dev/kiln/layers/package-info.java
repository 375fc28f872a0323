/** Core layers: Dense, Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Activation, Dropout, Flatten, Reshape, Concatenate, Add. */
@Export
@Version("0.2.0")
package dev.kiln.layers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
