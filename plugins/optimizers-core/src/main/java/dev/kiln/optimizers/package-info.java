/** Keras's optimizers: SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax, Nadam. */
@Export
@Version("0.1.0")
package dev.kiln.optimizers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
