/**
 * The JUnit 5 kit: a Java port certifies in its own build with one test class extending
 * {@link org.schedproof.conformance.junit.SchedulerCertification} (or a {@code @TestFactory} returning
 * {@link org.schedproof.conformance.junit.Certification#tests()}): one dynamic test per workload x invariant.
 */
package org.schedproof.conformance.junit;
