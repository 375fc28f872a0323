/** Stateful metrics: update, result, reset. */
@Export
@Version("0.1.0")
package dev.kiln.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
