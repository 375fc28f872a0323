/** The ND4J (Deeplearning4j) native CPU backend: OpenBLAS matrix products and libnd4j kernels. */
@Export
@Version("0.1.0")
package dev.kiln.backend.nd4j;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
