/** Data: the IDX reader, the Fashion-MNIST loader, and helpers that make data sources from arrays, iterators and indexes. */
@Export
@Version("0.1.0")
package dev.kiln.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
