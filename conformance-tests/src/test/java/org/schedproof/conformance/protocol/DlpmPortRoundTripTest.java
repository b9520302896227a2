package org.schedproof.conformance.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;

/**
 * The Python DLPM port (ports/python/dlpm_sarathi.py, written from FAIRNESS.md section 3 and BATCHING.md section 5)
 * run through the protocol writes the same trace, byte for byte, as the reference {@code dlpm/sarathi} in process,
 * deficits witness included, under the default parameters and under every option's other values; it refuses
 * parameters the reference refuses. Multi-client workloads with shared prefixes on a tight engine (a pool of three
 * longest sequences, 8 running, budget 128), so gates close, refills happen, prefixes hit and requests are preempted.
 */
@Timeout(300)
class DlpmPortRoundTripTest {
    static final String[] WORKLOADS = {
        "gen:system-prompt?requests=120&clients=6&system=64&input=8..200&output=1..40&qps=500&seed=21",
        "gen:multiturn?requests=100&clients=5&qps=80&think=0.05&system=32&input=16..128&output=8..64&seed=22",
        "gen:system-prompt?requests=80&clients=3&skew=1.5&system=48&input=8..96&output=8..48&qps=200&seed=23",
        "gen:multiturn?requests=90&clients=7&skew=1&qps=300&think=0.02&input=8..64&output=1..32&seed=24",
    };

    /** Every option at a value other than its default (the format of some as the reference also reads it). */
    static final String[] PARAMETER_SETS = {
        "quantum=64",
        "quantum=1",
        "quantum=1152921504606846976",
        "charge=full-prompt",
        "charge=full-prompt&quantum=200",
        "on-return=reset&quantum=256",
        "on-return=drop-credit&quantum=256",
        "input-price=0",
        "input-price=3&output-price=0&quantum=500",
        "input-price= 7&output-price=+1000",
        "inbatch-check=-1",
        "inbatch-min=-1",
        "inbatch-check=0&inbatch-min=0",
        "inbatch-check=1048576&inbatch-min=16",
        "inbatch-check=100&inbatch-min=1&quantum=128",
    };

    @BeforeAll
    static void python() {
        Ports.assumePython();
    }

    static EngineConfig tight(Workload w) {
        return FcfsPortRoundTripTest.tight(w);
    }

    static Map<String, String> params(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (spec.isEmpty()) return m;
        for (String kv : spec.split("&")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    static Stream<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        for (String w : WORKLOADS) out.add(Arguments.of(w, ""));
        for (String p : PARAMETER_SETS) {
            out.add(Arguments.of(WORKLOADS[0], p));
            out.add(Arguments.of(WORKLOADS[1], p));
        }
        return out.stream();
    }

    static String referenceTrace(String address, String parameters) {
        Workload w = Workloads.load(address);
        return new String(Ports.referenceTrace(Schedulers.create("dlpm", "sarathi", params(parameters)), tight(w), w),
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("runs")
    void pythonDlpmPortWritesTheReferenceTrace(String address, String parameters, @TempDir Path dir) {
        Workload w = Workloads.load(address);
        EngineConfig config = tight(w);
        Scheduler reference = Schedulers.create("dlpm", "sarathi", params(parameters));
        byte[] expected = Ports.referenceTrace(reference, config, w);
        Ports.Traced got = Ports.portTrace(Ports.python(Ports.port("dlpm_sarathi.py")), PortOptions.DEFAULTS,
                reference, config, w, dir.resolve("port.stderr.log"));

        assertThat(got.result().failure()).as("port failure").isEmpty();
        assertThat(got.result().portName()).contains("schedproof dlpm/sarathi (python) 1");
        assertThat(got.result().end()).map(TraceEvent.End::reason).contains(TraceEvent.End.DONE);
        List<String> want = new String(expected, StandardCharsets.UTF_8).lines().toList();
        List<String> have = new String(got.trace(), StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < Math.min(want.size(), have.size()); i++) {
            assertThat(have.get(i)).as("%s [%s] line %d", address, parameters, i + 1).isEqualTo(want.get(i));
        }
        assertThat(got.trace()).as("whole trace").isEqualTo(expected);
    }

    /** The default runs exercise every rule the port must get right, else the round trip proves little. */
    @Test
    void theWorkloadsExercisePreemptionHitsRefillsClosedGatesAndTheHeadOfLineStop() {
        String all = String.join("", Arrays.stream(WORKLOADS).map(a -> referenceTrace(a, "")).toList());
        assertThat(all).as("preemption").containsPattern("\"preempted\":\\[\\d");
        assertThat(all).as("prefix hits").containsPattern("\"hits\":\\[\\[");
        assertThat(all).as("a chunk that does not finish a prompt").containsPattern("\\[\\d+,\\d+,128]");
        assertThat(all).as("head-of-line stop").contains("\"blocked\":");
        assertThat(all).as("a refill").containsPattern("\"dlpm.refills\":[1-9]");
        assertThat(all).as("a client in debt").containsPattern("\"dlpm.q.client-\\d+\":-\\d");
        assertThat(all).as("no rejected step").doesNotContain("\"rejected\":true");
    }

    /** Each other value changes the reference's schedule on the workloads it runs on, so matching it is a test. */
    @Test
    void everyParameterSetChangesTheReferenceSchedule() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String a : List.of(WORKLOADS[0], WORKLOADS[1])) defaults.put(a, steps(referenceTrace(a, "")));
        for (String p : PARAMETER_SETS) {
            if (p.startsWith("quantum=1152921504606846976") || p.startsWith("input-price= 7")) continue;
            boolean differs = defaults.entrySet().stream()
                    .anyMatch(e -> !steps(referenceTrace(e.getKey(), p)).equals(e.getValue()));
            assertThat(differs).as("[%s] schedules differently from the defaults", p).isTrue();
        }
    }

    /** The step lines without their witness: the schedule, which a parameter that matters changes. */
    static String steps(String trace) {
        StringBuilder b = new StringBuilder();
        trace.lines().filter(l -> l.startsWith("{\"type\":\"step\""))
                .forEach(l -> b.append(l.replaceAll(",\"witness\":\\{[^}]*}", "")).append('\n'));
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"quantum=0", "charge=full", "on-return=forget", "input-price=1001", "inbatch-check=-2",
        "inbatch-min=1048577", "output-price=two", "deficits=shared", "batching=orca", "ordering=lpm"})
    void parametersTheReferenceRefusesAreRefusedWithTheReason(String bad) {
        assertThatThrownBy(() -> Schedulers.create("dlpm", "sarathi", params(bad))).as("the reference refuses " + bad)
                .isInstanceOf(IllegalArgumentException.class);
        Workload w = Workloads.load(WORKLOADS[2]);
        Map<String, String> p = new LinkedHashMap<>(Schedulers.create("dlpm", "sarathi").parameters());
        p.putAll(params(bad));
        Ports.Traced got = Ports.portTrace(Ports.python(Ports.port("dlpm_sarathi.py")), PortOptions.DEFAULTS,
                "dlpm/sarathi", p, tight(w), w, null);
        assertThat(got.result().failure()).as(bad).hasValueSatisfying(f -> {
            assertThat(f.verdict()).isEqualTo(PortFailure.REFUSED);
            assertThat(f.message()).contains(bad.substring(0, bad.indexOf('=')));
        });
    }

    @Test
    void anotherPolicyIsRefused() {
        Workload w = Workloads.load(WORKLOADS[2]);
        Scheduler lpm = Schedulers.create("lpm", "sarathi");
        Ports.Traced got = Ports.portTrace(Ports.python(Ports.port("dlpm_sarathi.py")), PortOptions.DEFAULTS, lpm,
                tight(w), w, null);
        assertThat(got.result().failure()).hasValueSatisfying(f -> {
            assertThat(f.verdict()).isEqualTo(PortFailure.REFUSED);
            assertThat(f.message()).contains("dlpm/sarathi only, not lpm/sarathi");
        });
    }
}
