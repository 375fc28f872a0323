/** Models and the compile/fit/evaluate/predict options. */
@Export
@Version("0.2.0")
package dev.kiln.api.models;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
