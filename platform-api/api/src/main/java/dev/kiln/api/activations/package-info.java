/** Activation functions: the contract, resolved by name through the registry. */
@Export
@Version("0.1.0")
package dev.kiln.api.activations;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
