/** The Keras guide "Training & evaluation with the built-in methods", ported to Kiln. */
package dev.kiln.examples;
