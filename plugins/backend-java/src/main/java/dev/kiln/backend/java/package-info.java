/** The pure-Java reference backend: always available, the correctness oracle for native backends. */
@Export
@Version("0.4.0")
package dev.kiln.backend.java;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
