package org.schedproof.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/** The Workload value: order, ids, and a digest of content only. */
class WorkloadTest {
    private static Request req(long id, String client, long t, Prompt p, int out) {
        return new Request(id, client, t, p, out);
    }

    @Test
    void ofSortsByArrivalThenIdAndRenumbers() {
        Workload w = Workload.of("w", List.of(
                req(7, "a", 50, Prompt.single(1, 4), 2),
                req(3, "b", 10, Prompt.single(2, 4), 2),
                req(5, "c", 10, Prompt.single(3, 4), 2)));
        assertThat(w.requests()).extracting(Request::client).containsExactly("b", "c", "a");
        assertThat(w.requests()).extracting(Request::id).containsExactly(0L, 1L, 2L);
    }

    @Test
    void digestDependsOnContentNotName() {
        List<Request> rs = List.of(req(0, "a", 0, Prompt.ofBlocks(new long[] {5, 6}, 512, 600), 3));
        Workload a = Workload.of("one", rs);
        Workload b = Workload.of("two", rs);
        assertThat(a.digest()).isEqualTo(b.digest());
        // any field changes it
        assertThat(Workload.of("x", List.of(req(0, "b", 0, rs.get(0).prompt(), 3))).digest()).isNotEqualTo(a.digest());
        assertThat(Workload.of("x", List.of(req(0, "a", 1, rs.get(0).prompt(), 3))).digest()).isNotEqualTo(a.digest());
        assertThat(Workload.of("x", List.of(req(0, "a", 0, rs.get(0).prompt(), 4))).digest()).isNotEqualTo(a.digest());
        assertThat(Workload.of("x", List.of(req(0, "a", 0, Prompt.ofBlocks(new long[] {5, 7}, 512, 600), 3))).digest())
                .isNotEqualTo(a.digest());
        assertThat(Workload.of("x", List.of(req(0, "a", 0, Prompt.ofBlocks(new long[] {5, 6}, 512, 601), 3))).digest())
                .isNotEqualTo(a.digest());
    }

    @Test
    void digestEncodingIsPinned() {
        // spec/WORKLOAD.md "Digest": a port that encodes these two requests must get this value.
        Workload w = Workload.of("pinned", List.of(
                req(0, "client-0", 0, Prompt.single(PromptKeys.key(PromptKeys.REQUEST, 0), 13), 199),
                req(1, "tenant-é", 207_938, Prompt.ofBlocks(new long[] {-1L, 42L}, 512, 700), 1)));
        assertThat(w.digest()).isEqualTo(PINNED);
        assertThat(Workload.of("empty", List.of()).digest()).isEqualTo(PINNED_EMPTY);
    }

    // Computed by the Java code and, independently, by the 15-line Python of spec/WORKLOAD.md.
    static final String PINNED = "sha256:5a731437f32504259c15f19519ef56506da68d0e2fcb08d8bbb6d757ee9d0440";
    static final String PINNED_EMPTY = "sha256:4fc739301a897eeb3e1107c38a128c3c76f3ef83d57f37750e230023006b768a";

    @Test
    void limitTakesTheFirstRequests() {
        Workload w = Workloads.load("gen:poisson?requests=20&seed=3");
        Workload five = w.limit(5);
        assertThat(five.requests()).isEqualTo(w.requests().subList(0, 5));
        assertThat(five.digest()).isEqualTo(Workload.digestOf(w.requests().subList(0, 5)));
        assertThat(w.limit(20)).isSameAs(w);
        assertThat(w.limit(0).size()).isZero();
    }

    @Test
    void constructorRejectsWrongIdsOrderOrDigest() {
        Request a = req(0, "a", 5, Prompt.single(1, 1), 1);
        Request b = req(1, "a", 4, Prompt.single(1, 1), 1);
        assertThatThrownBy(() -> new Workload("w", List.of(a, b), null)).hasMessageContaining("arrives before");
        assertThatThrownBy(() -> new Workload("w", List.of(b), null)).hasMessageContaining("ids must be 0..n-1");
        assertThatThrownBy(() -> new Workload("w", List.of(a), "sha256:00")).hasMessageContaining("does not match");
    }

    @Test
    void addressesParseFormatPathAndOptions() {
        Address a = Address.parse("lengths:/x/share:gpt.csv?qps=4&seed=7");
        assertThat(a.format()).isEqualTo("lengths");
        assertThat(a.path()).isEqualTo("/x/share:gpt.csv");
        assertThat(a.options().string("qps", null)).isEqualTo("4");
        assertThat(a.options().longValue("seed", 0, 0, 100)).isEqualTo(7);
        assertThatThrownBy(() -> Address.parse("azure:")).isInstanceOf(WorkloadException.class)
                .hasMessageContaining("the path after 'azure:' is empty");
        assertThatThrownBy(() -> Address.parse("gen:poisson?seed")).isInstanceOf(WorkloadException.class)
                .hasMessageContaining("option 'seed': expected key=value");
    }
}
