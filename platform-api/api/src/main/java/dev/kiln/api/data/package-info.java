/** Data sources: batches of named tensors, indexable sources, in-memory arrays. */
@Export
@Version("0.1.0")
package dev.kiln.api.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
