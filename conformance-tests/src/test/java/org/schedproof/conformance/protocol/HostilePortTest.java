package org.schedproof.conformance.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceReader;

/**
 * Ports that misbehave (conformance-tests/src/test/resources/hostile/, one script per misbehaviour) get their verdict
 * of spec/PORT.md section 8 with its evidence, within their timeout and a small margin, and never hang the harness;
 * every one of them leaves a trace that ends with {@code port-<verdict>} when the handshake succeeded.
 */
@Timeout(60)
class HostilePortTest {
    static final Workload WORKLOAD =
            Workloads.load("gen:bursty?requests=12&clients=2&qps=100&input=16..64&output=2..8&seed=5");
    static final EngineConfig CONFIG = FcfsPortRoundTripTest.tight(WORKLOAD).withMaxStalled(5);
    static final Scheduler FCFS = Schedulers.create("fcfs", "sarathi");
    static final PortOptions FAST = PortOptions.DEFAULTS.withReplyTimeout(Duration.ofMillis(500))
            .withExitGrace(Duration.ofMillis(500));
    /**
     * What a verdict may take beyond the timeout it waits on: starting python (a second on a loaded machine; twice for
     * the port that starts a child), ending the process tree.
     */
    static final long MARGIN_MS = 5_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void python() {
        Ports.assumePython();
    }

    /** A run of hostile script {@code name}; checks it took at most {@code limitMs} plus the margin. */
    Ports.Traced run(String script, PortOptions options, long limitMs, String... args) {
        long t0 = System.nanoTime();
        Ports.Traced t = Ports.portTrace(Ports.python(Ports.resource("hostile/" + script), args), options, FCFS,
                CONFIG, WORKLOAD, dir.resolve("port.stderr.log"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("%s took %d ms", script, ms).isLessThanOrEqualTo(limitMs + MARGIN_MS);
        return t;
    }

    static PortFailure failure(Ports.Traced t, String verdict) {
        assertThat(t.result().failure()).as("failure").isPresent();
        PortFailure f = t.result().failure().get();
        System.out.println("verdict: " + f);
        assertThat(f.verdict()).as("%s", f).isEqualTo(verdict);
        return f;
    }

    /** The trace is whole (it reads back) and ends with port-<verdict>, the last step naming SCHEDULER_ERROR. */
    static void tracedUntil(Ports.Traced t, PortFailure f) {
        assertThat(t.result().end()).map(TraceEvent.End::reason).contains("port-" + f.verdict().replace("port-", ""));
        List<TraceEvent> events = Ports.events(t);
        TraceEvent.Step last = (TraceEvent.Step) events.stream().filter(e -> e instanceof TraceEvent.Step)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(last.index()).isEqualTo(f.step());
        assertThat(last.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("SCHEDULER_ERROR");
            assertThat(v.message()).contains(f.message());
        });
    }

    @Test
    void aCrashIsReportedWithItsExitStatusAndLastStderrLines() throws Exception {
        Ports.Traced t = run("crash.py", FAST, 0);
        PortFailure f = failure(t, PortFailure.CRASHED);
        assertThat(f.step()).isZero();
        assertThat(f.message()).contains("exited with status 3").contains("the scheduler's disk is on fire");
        tracedUntil(t, f);
        assertThat(Files.readString(dir.resolve("port.stderr.log"))).contains("disk is on fire");
    }

    @Test
    void aPortThatNeverAnswersTimesOut() {
        Ports.Traced t = run("hang.py", FAST, 500);
        PortFailure f = failure(t, PortFailure.TIMEOUT);
        assertThat(f.message()).contains("no reply to step 0 within 500 ms");
        tracedUntil(t, f);
    }

    @Test
    void aHangingPortsChildIsEndedWithIt() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Ports.Traced t = run("hang_with_child.py", FAST, 500, pidFile.toString());
        failure(t, PortFailure.TIMEOUT);
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        assertThat(child.map(ProcessHandle::isAlive)).as("child %d alive after the run", pid).isNotEqualTo(Optional.of(true));
    }

    @Test
    void aReplyAfterTheReplyTimeoutIsATimeout() {
        Ports.Traced t = run("late.py", FAST, 500, "2.5");
        PortFailure f = failure(t, PortFailure.TIMEOUT);
        assertThat(f.message()).contains("within 500 ms");
    }

    @Test
    void aRunLongerThanTheRunTimeoutStopsAtTheStepItReached() {
        // The deadline counts from the start, python's start-up included, so the step reached varies; an empty batch
        // while nothing runs and an arrival is due records no step, so the same index may be asked again.
        PortOptions o = FAST.withReplyTimeout(Duration.ofSeconds(5)).withRunTimeout(Duration.ofMillis(4000));
        Ports.Traced t = run("late.py", o, 4000, "0.4");
        PortFailure f = failure(t, PortFailure.RUN_TIMEOUT);
        assertThat(f.step()).isBetween(0L, 5L);
        assertThat(f.message()).contains("exceeded 4000 ms at step " + f.step());
        tracedUntil(t, f);
    }

    @Test
    void aLineThatIsNotJsonIsGarbageWithItsLineNumberAndStart() {
        Ports.Traced t = run("garbage.py", FAST, 0);
        PortFailure f = failure(t, PortFailure.GARBAGE);
        assertThat(f.message()).contains("stdout line 2").contains("'this is not json, it is a log line'");
        tracedUntil(t, f);
    }

    @Test
    void aLineOverTheCapIsRefusedWithoutReadingItWhole() {
        Ports.Traced t = run("long_line.py", FAST.withMaxLineBytes(64 * 1024), 0, String.valueOf(4 << 20));
        PortFailure f = failure(t, PortFailure.LINE_TOO_LONG);
        assertThat(f.message()).contains("stdout line 2").contains("65536 bytes");
        tracedUntil(t, f);
    }

    @Test
    void aLineJustUnderTheCapIsRead() {
        // 64 KiB cap; the padded batch line is 65,000 spaces plus 52 bytes: a well-formed, empty batch
        Ports.Traced t = run("long_line.py", FAST.withMaxLineBytes(64 * 1024), 0, "65000");
        assertThat(t.result().failure()).map(PortFailure::verdict).isNotEqualTo(Optional.of(PortFailure.LINE_TOO_LONG));
    }

    @Test
    void anIdThatNeverArrivedIsAnUnknownId() {
        PortFailure f = failure(run("unknown_id.py", FAST, 0), PortFailure.UNKNOWN_ID);
        assertThat(f.message()).contains("request 999999 in 'slices' was never sent in an arrival");
    }

    @Test
    void oneIdTwiceInOneListIsADuplicateId() {
        PortFailure f = failure(run("duplicate_id.py", FAST, 0), PortFailure.DUPLICATE_ID);
        assertThat(f.message()).contains("request 0 is twice in 'slices'");
    }

    @Test
    void aBatchForAnotherStepIsAWrongStep() {
        PortFailure f = failure(run("wrong_step.py", FAST, 0), PortFailure.WRONG_STEP);
        assertThat(f.message()).contains("answers step 1 but the harness asked for step 0");
    }

    @Test
    void aPortThatExitsWithStatusZeroBeforeEndHasExited() {
        Ports.Traced t = run("early_exit.py", FAST, 0);
        PortFailure f = failure(t, PortFailure.EXITED);
        assertThat(f.message()).contains("exited with status 0").contains("done already, bye");
        tracedUntil(t, f);
    }

    @Test
    void aRefusalEndsTheRunBeforeAnyTraceWithItsReason() {
        Ports.Traced t = run("refuse.py", FAST, 0);
        PortFailure f = failure(t, PortFailure.REFUSED);
        assertThat(f.step()).isEqualTo(PortFailure.HANDSHAKE);
        assertThat(f.message()).contains("this port implements lpm only");
        assertThat(t.result().end()).isEmpty();
        assertThat(t.trace()).isEmpty();
    }

    @Test
    void aReadyForAnotherProtocolIsAProtocolVersionVerdict() {
        Ports.Traced t = run("wrong_version.py", FAST, 0);
        PortFailure f = failure(t, PortFailure.PROTOCOL_VERSION);
        assertThat(f.message()).contains("schedproof.port/1").contains("schedproof.port/2");
        assertThat(t.result().end()).isEmpty();
    }

    @Test
    void anErrorReplyIsAPortErrorWithItsMessage() {
        Ports.Traced t = run("error.py", FAST, 0);
        PortFailure f = failure(t, PortFailure.PORT_ERROR);
        assertThat(f.message()).contains("out of ideas at step 0");
        tracedUntil(t, f);
    }

    @Test
    void aWrongTypeIsABadMessageNamingTheField() {
        PortFailure f = failure(run("bad_message.py", FAST, 0), PortFailure.BAD_MESSAGE);
        assertThat(f.message()).contains("stdout line 2: field 'slices[0][2]': expected an integer, got the string \"1\"");
    }

    @Test
    void aCommandThatCannotStartIsStartFailed() {
        long t0 = System.nanoTime();
        PortRun.Result r = PortRun.run(List.of(dir.resolve("no-such-port").toString()), FAST, FCFS.name(),
                FCFS.parameters(), CONFIG, WORKLOAD, null, e -> {});
        assertThat(r.failure()).map(PortFailure::verdict).contains(PortFailure.START_FAILED);
        assertThat(r.failure().get().message()).contains("no-such-port");
        assertThat(r.end()).isEmpty();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(MARGIN_MS);
    }

    @Test
    void anIllegalBatchIsARejectedStepNotAProtocolVerdictAndThePortHearsWhy() throws Exception {
        Ports.Traced t = run("illegal_batch.py", FAST, 0);
        assertThat(t.result().failure()).isEmpty();
        assertThat(t.result().end()).map(TraceEvent.End::reason).contains(TraceEvent.End.STALLED);
        List<TraceEvent.Step> steps = Ports.events(t).stream()
                .filter(e -> e instanceof TraceEvent.Step).map(e -> (TraceEvent.Step) e).toList();
        assertThat(steps).hasSize(5).allSatisfy(s -> assertThat(s.rejected()).isTrue());
        assertThat(steps.get(0).violations()).extracting(v -> v.rule()).containsExactly("SLICE_START");
        String log = Files.readString(dir.resolve("port.stderr.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("step 0 rejected: SLICE_START slice starts at 1 but request 0 would be admitted "
                + "with 0 positions computed").contains("end stalled");
    }

    @Test
    void aPortThatFloodsStderrIsNotBlockedByIt() throws Exception {
        long t0 = System.nanoTime();
        Ports.Traced t = Ports.portTrace(Ports.python(Ports.resource("hostile/flood_stderr.py"),
                Ports.root().resolve("ports/python").toString(), "16"), FAST, FCFS, CONFIG, WORKLOAD,
                dir.resolve("port.stderr.log"));
        assertThat(t.result().failure()).isEmpty();
        assertThat(t.result().end()).map(TraceEvent.End::reason).contains(TraceEvent.End.DONE);
        assertThat(Files.size(dir.resolve("port.stderr.log"))).isEqualTo(16L << 20);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(20_000);
    }
}
