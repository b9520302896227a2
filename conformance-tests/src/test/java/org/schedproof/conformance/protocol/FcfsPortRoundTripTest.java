package org.schedproof.conformance.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;

/**
 * The Python FCFS port (ports/python/fcfs_sarathi.py, over the library's mirror of the three lists) run through the
 * protocol writes the same trace, byte for byte, as the reference {@code fcfs/sarathi} in process: every batch, every
 * witness, header and end included. The engine is tight (a pool of three longest sequences, 8 running, budget 128),
 * so chunking, the running cap, prefix hits and preemption all happen.
 */
@Timeout(120)
class FcfsPortRoundTripTest {
    static String[] workloads() {
        return WORKLOADS;
    }

    @BeforeAll
    static void python() {
        Ports.assumePython();
    }

    static EngineConfig tight(Workload w) {
        int blocks = Math.max(24, 3 * ((w.longestSequence() + 15) / 16));
        return EngineConfig.defaults().withBlocks(blocks, 16).withWatermark(2).withTokenBudget(128).withMaxRunning(8)
                .withMaxStalled(64);
    }

    static final String[] WORKLOADS = {
        "gen:system-prompt?requests=40&clients=4&system=48&input=8..96&output=8..48&qps=200&seed=1",
        "gen:multiturn?requests=60&clients=4&qps=50&think=0.05&input=16..128&output=8..64&seed=2",
        "gen:bursty?requests=80&clients=3&qps=100&input=16..256&output=4..64&seed=3",
        "gen:bursty?requests=120&clients=5&qps=400&input=16..300&output=1..80&seed=11",
        "gen:system-prompt?requests=100&clients=6&system=64&input=8..200&output=1..40&qps=500&seed=12",
    };

    /** The workloads, together, exercise every rule the port must get right (else the round trip proves little). */
    @Test
    void theWorkloadsExerciseChunkingTheCapPrefixHitsPreemptionAndTheHeadOfLineStop() {
        String all = Arrays.stream(WORKLOADS).map(a -> {
            Workload w = Workloads.load(a);
            return new String(Ports.referenceTrace(Schedulers.create("fcfs", "sarathi"), tight(w), w),
                    StandardCharsets.UTF_8);
        }).collect(Collectors.joining());
        assertThat(all).as("preemption").containsPattern("\"preempted\":\\[\\d");
        assertThat(all).as("prefix hits").containsPattern("\"hits\":\\[\\[");
        assertThat(all).as("a chunk that does not finish a prompt").containsPattern("\\[\\d+,0,128]");
        assertThat(all).as("head-of-line stop").contains("\"witness\":{\"blocked\":");
        assertThat(all).as("8 running (the cap)").containsPattern("\"slices\":\\[(\\[\\d+,\\d+,\\d+],){7}\\[");
        assertThat(all).as("no rejected step").doesNotContain("\"rejected\":true");
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void pythonFcfsPortWritesTheReferenceTrace(String address, @TempDir Path dir) {
        Workload w = Workloads.load(address);
        EngineConfig config = tight(w);
        Scheduler reference = Schedulers.create("fcfs", "sarathi");
        byte[] expected = Ports.referenceTrace(reference, config, w);
        Ports.Traced got = Ports.portTrace(Ports.python(Ports.port("fcfs_sarathi.py")), PortOptions.DEFAULTS,
                reference, config, w, dir.resolve("port.stderr.log"));

        assertThat(got.result().failure()).as("port failure").isEmpty();
        assertThat(got.result().portName()).contains("schedproof fcfs/sarathi (python) 1");
        assertThat(got.result().end()).map(TraceEvent.End::reason).contains(TraceEvent.End.DONE);
        List<String> want = new String(expected, StandardCharsets.UTF_8).lines().toList();
        List<String> have = new String(got.trace(), StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < Math.min(want.size(), have.size()); i++) {
            assertThat(have.get(i)).as("%s line %d", address, i + 1).isEqualTo(want.get(i));
        }
        assertThat(got.trace()).as("whole trace").isEqualTo(expected);
    }

    @Test
    void thePortRefusesPoliciesAndParametersItDoesNotImplement() {
        Workload w = Workloads.load(WORKLOADS[0]);
        List<String> argv = Ports.python(Ports.port("fcfs_sarathi.py"));
        Scheduler vtc = Schedulers.create("vtc", "sarathi");
        PortRun.Result other = PortRun.run(argv, PortOptions.DEFAULTS, vtc.name(), vtc.parameters(), tight(w), w, null,
                e -> {});
        assertThat(other.failure()).map(PortFailure::verdict).contains(PortFailure.REFUSED);
        assertThat(other.failure().get().message()).contains("implements fcfs/sarathi only, not vtc/sarathi");
        PortRun.Result extra = PortRun.run(argv, PortOptions.DEFAULTS, "fcfs/sarathi",
                java.util.Map.of("ordering", "fcfs", "batching", "sarathi", "admission", "reserve-max-output"), tight(w),
                w, null, e -> {});
        assertThat(extra.failure()).map(PortFailure::verdict).contains(PortFailure.REFUSED);
        assertThat(extra.failure().get().message()).contains("admission");
        assertThat(extra.end()).isEmpty();
    }
}
