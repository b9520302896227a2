package org.schedproof.conformance.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.schedproof.conformance.certify.Certificate;

/** A port's certificate names the protocol version the harness speaks (certify cannot see the protocol's internals). */
class CertificateNamesTheProtocolTest {
    @Test
    void theCertificatesProtocolIsTheHellos() {
        assertThat(Certificate.PORT_PROTOCOL).isEqualTo(HarnessMessages.PROTOCOL);
    }
}
