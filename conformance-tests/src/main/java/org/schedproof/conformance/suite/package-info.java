/**
 * Certification suites: named, versioned sets of workloads ({@link org.schedproof.conformance.suite.Suites}:
 * {@code quick}, {@code full}), each a workload address with a limit, an engine recipe and what it is for.
 */
package org.schedproof.conformance.suite;
