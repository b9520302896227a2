/**
 * The arithmetic cores the proofs module proves with KeY and the reference engine and schedulers call, so what is
 * proved is what runs: plain classes over int and long arrays (no generics, lambdas, records or library calls), each
 * public method with a full JML contract. Nothing here depends on any other schedproof module.
 */
package org.schedproof.kernels;
