package org.schedproof.conformance.certify;

/** {@code certify} could not run (exit status 2): bad arguments, an unreadable trace, a workload that cannot load. */
public final class CertifyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CertifyException(String message) {
        super(message);
    }

    public CertifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
