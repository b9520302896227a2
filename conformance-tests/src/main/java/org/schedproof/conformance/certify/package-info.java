/**
 * Certification (spec/LEVELS.md, spec/PORT.md section 10): {@link org.schedproof.conformance.certify.Certifier} runs a
 * target (a port, an in-process engine, a port's own traces) on a suite at a level, judges each trace as it is
 * produced (the invariant checkers, and at L3 the {@link org.schedproof.conformance.certify.ScheduleDifferential}),
 * and writes the {@link org.schedproof.conformance.certify.Certificate} (certificate.json), junit.xml and summary.txt;
 * {@link org.schedproof.conformance.certify.Verifier} re-runs a certificate.
 */
package org.schedproof.conformance.certify;
