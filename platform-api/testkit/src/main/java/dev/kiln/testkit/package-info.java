/** Contract tests and checks for plugin and backend authors: gradient checks, backend conformance. */
@Export
@Version("0.1.0")
package dev.kiln.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
