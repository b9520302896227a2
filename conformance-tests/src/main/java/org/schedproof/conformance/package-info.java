/** The conformance harness: differential runner, third-party port adapter, fuzzer and minimizer, certificates. */
package org.schedproof.conformance;
