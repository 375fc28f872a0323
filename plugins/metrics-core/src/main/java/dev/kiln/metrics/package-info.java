/** Keras's metrics: means and sums, the accuracy family, regression errors, confusion counts, precision, recall, AUC. */
@Export
@Version("0.1.0")
package dev.kiln.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
