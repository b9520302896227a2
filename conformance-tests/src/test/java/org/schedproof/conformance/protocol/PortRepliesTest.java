package org.schedproof.conformance.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Slice;

/** The message-level checks of the port's replies: each problem its verdict, naming the line and the field. */
class PortRepliesTest {
    static final Set<Long> ANNOUNCED = Set.of(0L, 1L, 2L, 7L);

    static StdoutLines.Line line(String s) {
        return new StdoutLines.Line(5, s.getBytes(StandardCharsets.UTF_8));
    }

    static PortFailure batchFailure(String s) {
        PortFailureException e = catchThrowableOfType(PortFailureException.class,
                () -> PortReplies.batch(line(s), 3, ANNOUNCED));
        assertThat(e).as(s).isNotNull();
        assertThat(e.failure.step()).isEqualTo(3);
        return e.failure;
    }

    static void verdict(String s, String verdict, String message) {
        PortFailure f = batchFailure(s);
        assertThat(f.verdict()).as(s).isEqualTo(verdict);
        assertThat(f.message()).as(s).isEqualTo(message);
    }

    @Test
    void aWellFormedBatchIsReadWithItsDefaults() {
        PortReplies.Reply r = PortReplies.batch(line("{\"slices\":[[1,16,8],[0,20,1]],\"index\":3,\"type\":\"batch\","
                + "\"preempt\":[2]}"), 3, ANNOUNCED);
        assertThat(r.batch()).isEqualTo(new Batch(List.of(2L), List.of(), List.of(),
                List.of(new Slice(1, 16, 8), new Slice(0, 20, 1))));
        assertThat(r.witness()).isEmpty();
        PortReplies.Reply full = PortReplies.batch(line("{\"type\":\"batch\",\"index\":3,\"preempt\":[],\"offload\":[7],"
                + "\"prefetch\":[1],\"slices\":[],\"witness\":{\"blocked\":2,\"x.y\":-9223372036854775808}}"), 3, ANNOUNCED);
        assertThat(full.batch().offloads()).containsExactly(7L);
        assertThat(full.batch().prefetches()).containsExactly(1L);
        assertThat(full.witness()).isEqualTo(Map.of("blocked", 2L, "x.y", Long.MIN_VALUE));
    }

    @Test
    void linesThatAreNotOneJsonObjectAreGarbage() {
        for (String s : List.of("", "not json", "[1,2]", "42", "\"batch\"", "{\"type\":\"batch\"} {}",
                "{\"type\":\"batch\",\"index\":3,\"index\":3,\"preempt\":[],\"slices\":[]}", "{\"type\":")) {
            assertThat(batchFailure(s).verdict()).as(s).isEqualTo(PortFailure.GARBAGE);
            assertThat(batchFailure(s).message()).as(s).startsWith("stdout line 5: ");
        }
        assertThat(batchFailure("[1,2]").message()).isEqualTo("stdout line 5: not one JSON object: the line starts '[1,2]'");
        assertThat(batchFailure("{\"type\":\"batch\",\"index\":3,\"index\":3}").message()).contains("Duplicate field 'index'");
    }

    @Test
    void wrongTypesMissingOrUnknownMembersAndRangesAreBadMessagesWithTheirPath() {
        String b = PortFailure.BAD_MESSAGE;
        verdict("{\"index\":3}", b, "stdout line 5: field 'type': missing (expected a batch or an error in reply to step 3)");
        verdict("{\"type\":\"ready\",\"protocol\":\"schedproof.port/1\",\"name\":\"x\"}", b,
                "stdout line 5: field 'type': expected a batch or an error in reply to step 3, got 'ready'");
        verdict("{\"type\":\"batch\",\"index\":3,\"preempt\":[],\"slices\":[],\"priority\":1}", b,
                "stdout line 5: field 'priority': unknown field (a batch has type, index, preempt, slices and "
                        + "optionally offload, prefetch, witness)");
        verdict("{\"type\":\"batch\",\"index\":3,\"slices\":[]}", b, "stdout line 5: field 'preempt': missing");
        verdict("{\"type\":\"batch\",\"index\":3.0,\"preempt\":[],\"slices\":[]}", b,
                "stdout line 5: field 'index': expected an integer, got 3.0");
        verdict("{\"type\":\"batch\",\"index\":3,\"preempt\":[-1],\"slices\":[]}", b,
                "stdout line 5: field 'preempt[0]': expected a non-negative integer, got -1");
        verdict("{\"type\":\"batch\",\"index\":3,\"preempt\":[],\"slices\":[[0,0,0]]}", b,
                "stdout line 5: field 'slices[0][2]': expected an integer in [1, 2147483647], got 0");
        verdict("{\"type\":\"batch\",\"index\":3,\"preempt\":[],\"slices\":[[0,2147483648,1]]}", b,
                "stdout line 5: field 'slices[0][1]': expected an integer in [0, 2147483647], got 2147483648");
        verdict("{\"type\":\"batch\",\"index\":3,\"preempt\":[],\"slices\":[[0,0]]}", b,
                "stdout line 5: field 'slices[0]': expected [requestId, start, length], got an array of 2");
        verdict("{\"type\":\"batch\",\"index\":3,\"preempt\":[],\"slices\":[],\"witness\":{\"k\":18446744073709551616}}",
                b, "stdout line 5: field 'witness.k': expected a 64-bit integer, got 18446744073709551616");
        verdict("{\"type\":\"batch\",\"index\":3,\"preempt\":[],\"slices\":[],\"witness\":{\"\\ud800\":1}}", b,
                "stdout line 5: field 'witness': a key holds a lone surrogate at index 0: not valid Unicode");
        verdict("{\"type\":\"error\"}", b, "stdout line 5: field 'message': missing");
    }

    @Test
    void theIndexThenTheIdsAreCheckedListByList() {
        verdict("{\"type\":\"batch\",\"index\":4,\"preempt\":[99],\"slices\":[]}", PortFailure.WRONG_STEP,
                "the batch on stdout line 5 answers step 4 but the harness asked for step 3");
        verdict("{\"type\":\"batch\",\"index\":3,\"preempt\":[1,1],\"slices\":[[99,0,1]]}", PortFailure.DUPLICATE_ID,
                "stdout line 5: request 1 is twice in 'preempt'");
        verdict("{\"type\":\"batch\",\"index\":3,\"preempt\":[1],\"prefetch\":[3],\"slices\":[[1,0,1]]}",
                PortFailure.UNKNOWN_ID, "stdout line 5: request 3 in 'prefetch' was never sent in an arrival");
        // one id in two lists is the engine's question (an illegal batch), not a protocol verdict
        assertThat(PortReplies.batch(line("{\"type\":\"batch\",\"index\":3,\"preempt\":[1],\"slices\":[[1,0,1]]}"), 3,
                ANNOUNCED).batch().isWellFormed()).isFalse();
    }

    @Test
    void anErrorReplyIsAPortError() {
        verdict("{\"type\":\"error\",\"message\":\"out of ideas\"}", PortFailure.PORT_ERROR,
                "the port gave up (stdout line 5): out of ideas");
    }

    @Test
    void theHandshakeAcceptsReadyOrRefuseAndChecksTheVersion() {
        assertThat(PortReplies.handshake(line("{\"name\":\"p 1\",\"protocol\":\"schedproof.port/1\",\"type\":\"ready\"}")))
                .isEqualTo(new PortReplies.Ready("p 1"));
        assertThat(PortReplies.handshake(line("{\"type\":\"refuse\",\"reason\":\"no\"}")))
                .isEqualTo(new PortReplies.Refuse("no"));
        PortFailureException v = catchThrowableOfType(PortFailureException.class, () -> PortReplies.handshake(
                line("{\"type\":\"ready\",\"protocol\":\"schedproof.port/2\",\"name\":\"p\"}")));
        assertThat(v.failure.verdict()).isEqualTo(PortFailure.PROTOCOL_VERSION);
        assertThat(v.failure.step()).isEqualTo(PortFailure.HANDSHAKE);
        PortFailureException empty = catchThrowableOfType(PortFailureException.class, () -> PortReplies.handshake(
                line("{\"type\":\"ready\",\"protocol\":\"schedproof.port/1\",\"name\":\"\"}")));
        assertThat(empty.failure.message()).isEqualTo("stdout line 5: field 'name': must not be empty");
        PortFailureException batch = catchThrowableOfType(PortFailureException.class, () -> PortReplies.handshake(
                line("{\"type\":\"batch\",\"index\":0,\"preempt\":[],\"slices\":[]}")));
        assertThat(batch.failure.verdict()).isEqualTo(PortFailure.BAD_MESSAGE);
    }
}
