/** KeY proof runs over the JML-annotated arithmetic kernels, and the written proofs of the fairness bounds. */
package org.schedproof.proofs;
