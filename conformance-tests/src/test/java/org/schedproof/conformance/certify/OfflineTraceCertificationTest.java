package org.schedproof.conformance.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceWriter;

/**
 * {@code certify --trace}: traces a port's own engine wrote. L1 and L2 judge them as written; L3 loads the workload
 * the header names, checks its digest, re-runs the reference with the header's parameters on the header's engine and
 * compares step by step.
 */
class OfflineTraceCertificationTest {
    static final String ADDRESS = "gen:system-prompt?requests=30&clients=3&system=48&input=8..96&output=8..40&qps=200&seed=9";
    static final Workload W = Workloads.load(ADDRESS);
    static final EngineConfig CONFIG = EngineConfig.defaults().withBlocks(40, 16).withWatermark(2).withTokenBudget(128)
            .withMaxRunning(6).withMaxStalled(64);

    @TempDir
    Path tmp;

    /** The trace {@code policy}/sarathi writes on W, its header passed through {@code header}. */
    Path trace(String name, String policy, UnaryOperator<TraceEvent.Header> header) throws Exception {
        Path file = tmp.resolve(name);
        try (TraceWriter out = TraceWriter.open(file)) {
            new Engine(CONFIG, Schedulers.create(policy, "sarathi", Map.of()),
                    e -> out.write(e instanceof TraceEvent.Header h ? header.apply(h) : e))
                    .run(W.requests(), W.name(), W.digest());
        }
        return file;
    }

    Certificate certify(Level level, Path... files) {
        List<String> names = java.util.Arrays.stream(files).map(Path::toString).toList();
        return Certifier.certify(new Certifier.Request(Certificate.Target.traces(names), null, level, null),
                tmp.resolve("out"), new Certifier.Listener() {}).certificate();
    }

    static TraceEvent.Header relabel(TraceEvent.Header h, String policy, Map<String, String> parameters, String digest) {
        return new TraceEvent.Header(h.schema(), h.engine(), policy, parameters, h.workload(), h.requests(), digest);
    }

    @Test
    void aFaithfulTraceReachesL3() throws Exception {
        Certificate c = certify(Level.L3, trace("fcfs.jsonl", "fcfs", h -> h), trace("again.jsonl.gz", "fcfs", h -> h));
        assertThat(c.levelReached()).isEqualTo(Level.L3);
        assertThat(c.policy()).isEqualTo("fcfs/sarathi");
        assertThat(c.workloads()).extracting(Certificate.WorkloadResult::id).containsExactly("fcfs", "again");
        assertThat(c.workloads().get(0).digest()).isEqualTo(W.digest());
        assertThat(c.workloads().get(0).seed()).isEqualTo(9L);
        assertThat(c.workloads().get(0).engine()).isEqualTo(CONFIG);
    }

    @Test
    void anotherPolicysTraceUnderFcfsFailsFcfsOrderAndShowsTheFirstDivergence() throws Exception {
        Map<String, String> fcfs = Schedulers.create("fcfs", "sarathi").parameters();
        Path file = trace("lpm-as-fcfs.jsonl", "lpm", h -> relabel(h, "fcfs/sarathi", fcfs, h.workloadDigest()));
        Certificate c = certify(Level.L3, file);
        Certificate.WorkloadResult w = c.workloads().get(0);
        // BATCH-HOL (L1) knows FCFS's order too, so not even L1 is reached
        assertThat(c.levelReached()).isNull();
        assertThat(w.results()).filteredOn(x -> x.id().equals("BATCH-HOL")).singleElement()
                .satisfies(x -> assertThat(x.status()).isEqualTo(Certificate.InvariantResult.FAIL));
        assertThat(w.results()).filteredOn(x -> x.id().equals("ORDER-FCFS")).singleElement()
                .satisfies(x -> assertThat(x.status()).isEqualTo(Certificate.InvariantResult.FAIL));
        ScheduleDifferential.Divergence d = w.divergence();
        assertThat(d).isNotNull();
        assertThat(d.referenceBatch()).isNotEqualTo(d.candidateBatch());
        String junit = Files.readString(tmp.resolve("out/junit.xml"));
        assertThat(junit).contains("first divergence at step " + d.step()).contains("reference: ").contains("candidate: ");
    }

    @Test
    void aHeaderWhoseDigestIsNotTheWorkloadsFailsL3SayingSo() throws Exception {
        Path file = trace("wrong-digest.jsonl", "fcfs", h -> relabel(h, h.policy(), h.parameters(), "sha256:0000"));
        Certificate c = certify(Level.L3, file);
        assertThat(c.levelReached()).isEqualTo(Level.L2);
        assertThat(c.workloads().get(0).divergence().what())
                .contains("loads with digest " + W.digest()).contains("the header says sha256:0000");
    }

    @Test
    void aWorkloadThatCannotBeLoadedCannotBeJudgedAtL3() throws Exception {
        Path file = trace("nowhere.jsonl", "fcfs", h -> new TraceEvent.Header(h.schema(), h.engine(), h.policy(),
                h.parameters(), "native:/no/such/file.jsonl", h.requests(), h.workloadDigest()));
        assertThatThrownBy(() -> certify(Level.L3, file)).isInstanceOf(CertifyException.class)
                .hasMessageContaining("cannot be loaded");
        assertThat(certify(Level.L2, file).levelReached()).isEqualTo(Level.L2); // L2 needs no workload
    }

    @Test
    void aMalformedTraceCannotBeCertified() throws Exception {
        Path file = tmp.resolve("broken.jsonl");
        Files.writeString(file, "{\"schema\":\"nope\"}\n");
        assertThatThrownBy(() -> certify(Level.L1, file)).isInstanceOf(CertifyException.class)
                .hasMessageContaining("broken.jsonl");
    }
}
