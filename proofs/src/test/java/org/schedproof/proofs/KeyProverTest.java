package org.schedproof.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report's contract ids use source syntax for parameter types, whatever KeY calls them. */
class KeyProverTest {
    @Test
    void arrayParameterTypesReadAsInSource() {
        assertThat(KeyProver.sourceTypeName("int")).isEqualTo("int");
        assertThat(KeyProver.sourceTypeName("[J")).isEqualTo("long[]");
        assertThat(KeyProver.sourceTypeName("[[I")).isEqualTo("int[][]");
        assertThat(KeyProver.sourceTypeName("[Z")).isEqualTo("boolean[]");
        assertThat(KeyProver.sourceTypeName("[Ljava.lang.String;")).isEqualTo("java.lang.String[]");
    }
}
