package org.schedproof.conformance.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Request;
import org.schedproof.spec.Violation;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.StepOutcome;
import org.schedproof.spec.trace.TraceEvent;

/**
 * A {@link Scheduler} whose decisions come from a port: a child process spoken to over JSON lines (spec/PORT.md).
 * {@link #start} runs the handshake; then each engine call becomes a message: {@code onArrival} an {@code arrival},
 * {@code schedule} a {@code step} (the view as changes against what was sent before) answered by a {@code batch},
 * {@code onStepEnd} a {@code result}; {@link #close()} sends {@code end} and ends the port's process tree.
 *
 * <p>Every wait has a deadline, so a port never hangs the harness. The first protocol failure is kept
 * ({@link #failure()}) and thrown from {@code schedule} as a {@link org.schedproof.spec.sched.SchedulerFailure}, so
 * the engine records a {@code SCHEDULER_ERROR} and ends the trace with {@code port-<verdict>}. {@code onArrival} and
 * {@code onStepEnd} never throw: they only queue a line, and a dead pipe shows at the next reply.
 *
 * <p>{@link #name()} and {@link #parameters()} are the hello's, so the trace header names the policy being
 * certified; {@link #witness()} is the last batch's. Not thread-safe: one engine drives it.
 */
public final class PortScheduler implements Scheduler, AutoCloseable {
    /** How often a wait for a reply looks whether the port is still alive (a dead port's grandchild may hold stdout). */
    private static final long LIVENESS_POLL_NANOS = 50_000_000L;
    /** How long a dead port's last lines may take to come through the pipe. */
    private static final long DRAIN_MILLIS = 300;

    private final Hello hello;
    private final PortOptions options;
    private final PortProcess process;
    private final long runDeadline;
    private final HarnessMessages out = new HarnessMessages();
    private final ViewMirror mirror = new ViewMirror();
    private final Set<Long> announced = new HashSet<>();
    private final List<Long> gone = new ArrayList<>();
    private Map<String, Long> witness = Map.of();
    private List<Violation> stepViolations = List.of();
    private long violationsStep = -1;
    private String portName;
    private PortFailure failure;
    private boolean ended;
    private boolean closed;

    private PortScheduler(Hello hello, PortOptions options, PortProcess process, long startNanos) {
        this.hello = hello;
        this.options = options;
        this.process = process;
        this.runDeadline = startNanos + options.runTimeout().toNanos();
    }

    /**
     * Starts the port {@code argv} (an argv list, never a shell string) with its stderr copied to {@code stderrLog}
     * (null: kept only as evidence), sends {@code hello} and waits for {@code ready}. Never throws for anything the
     * port does: when the handshake fails (start-failed, refused, timeout, garbage, ...) the result is already closed
     * and {@link #failure()} says why.
     */
    public static PortScheduler start(List<String> argv, PortOptions options, Hello hello, Path stderrLog) {
        long t0 = System.nanoTime();
        PortProcess p;
        try {
            p = PortProcess.start(List.copyOf(argv), options.maxLineBytes(), stderrLog);
        } catch (IOException | RuntimeException e) {
            PortScheduler s = new PortScheduler(hello, options, null, t0);
            s.failure = new PortFailure(PortFailure.START_FAILED, PortFailure.HANDSHAKE, "cannot start " + argv + ": "
                    + e.getMessage());
            s.closed = true;
            return s;
        }
        PortScheduler s = new PortScheduler(hello, options, p, t0);
        try {
            s.out.hello(hello);
            p.send(s.out.drain());
            PortReplies.Handshake h = PortReplies.handshake(s.reply("hello", PortFailure.HANDSHAKE,
                    options.startTimeout()));
            if (h instanceof PortReplies.Refuse r) {
                throw new PortFailureException(PortFailure.REFUSED, PortFailure.HANDSHAKE, "the port refused: "
                        + r.reason());
            }
            s.portName = ((PortReplies.Ready) h).name();
        } catch (PortFailureException e) {
            s.failure = e.failure;
            s.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    /** The name the port gave in {@code ready}; empty when the handshake failed. */
    public Optional<String> portName() {
        return Optional.ofNullable(portName);
    }

    /** The first protocol failure, if any. */
    public Optional<PortFailure> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String name() {
        return hello.policy();
    }

    @Override
    public Map<String, String> parameters() {
        return hello.parameters();
    }

    @Override
    public Map<String, Long> witness() {
        return witness;
    }

    /**
     * A sink that passes every event on to {@code downstream} and keeps each step's violations for the next
     * {@code result} message (a {@link StepOutcome} does not carry them). Give the engine this sink.
     */
    public Consumer<TraceEvent> observing(Consumer<TraceEvent> downstream) {
        return e -> {
            if (e instanceof TraceEvent.Step s) {
                stepViolations = s.violations();
                violationsStep = s.index();
            }
            downstream.accept(e);
        };
    }

    @Override
    public void onArrival(Request request, long nowUs) {
        if (failure != null || closed) return;
        announced.add(request.id());
        try {
            out.arrival(request, nowUs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Batch schedule(EngineView view) {
        long step = view.stepIndex();
        try {
            if (failure != null || closed) throw new IllegalStateException("the port has stopped: " + failure);
            if (System.nanoTime() - runDeadline >= 0) throw runTimeout(step);
            out.step(view, mirror, gone);
            gone.clear();
            process.send(out.drain());
            PortReplies.Reply r = PortReplies.batch(reply("step " + step, step, options.replyTimeout()), step,
                    announced);
            witness = r.witness();
            return r.batch();
        } catch (PortFailureException e) {
            failure = e.failure;
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onStepEnd(StepOutcome outcome) {
        if (failure != null || closed) return;
        gone.addAll(outcome.finished());
        try {
            out.result(outcome, violationsStep == outcome.step() ? stepViolations : List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code end} with the trace's end reason, if the port is still healthy; {@link #close()} then ends it. */
    public void end(String reason) {
        if (failure != null || closed || ended) return;
        ended = true;
        try {
            out.end(reason);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process.send(out.drain());
    }

    /**
     * Sends {@code end} (reason {@code interrupted} unless {@link #end} was called) if the port is still healthy,
     * closes its stdin, gives it the exit grace to exit, then ends its whole process tree. Idempotent.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        boolean healthy = failure == null;
        if (healthy && !ended) {
            ended = true;
            try {
                out.end("interrupted");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            process.send(out.drain());
        }
        process.closeStdin();
        try {
            if (healthy) process.exitStatus(options.exitGrace().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.kill();
        }
    }

    /** The next stdout line, within {@code timeout} and the run's deadline, or the verdict why none came. */
    private StdoutLines.Line reply(String waitingFor, long step, java.time.Duration timeout) {
        long deadline = Math.min(System.nanoTime() + timeout.toNanos(), runDeadline);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (deadline == runDeadline) throw runTimeout(step);
                    throw new PortFailureException(PortFailure.TIMEOUT, step, "no reply to " + waitingFor + " within "
                            + timeout.toMillis() + " ms" + stderrEvidence(0));
                }
                StdoutLines.Item item = process.poll(Math.min(left, LIVENESS_POLL_NANOS));
                if (item == null && !process.alive()) item = process.poll(DRAIN_MILLIS * 1_000_000L);
                if (item == null && !process.alive()) throw exited(step, waitingFor, "");
                if (item == null) continue;
                if (item instanceof StdoutLines.Line line) return line;
                if (item instanceof StdoutLines.TooLong t) {
                    throw new PortFailureException(PortFailure.LINE_TOO_LONG, step, "stdout line " + t.number()
                            + " is longer than the cap of " + t.cap() + " bytes (--max-line)");
                }
                StdoutLines.Closed c = (StdoutLines.Closed) item;
                throw exited(step, waitingFor, c.partial() > 0 ? "; stdout ended with " + c.partial()
                        + " bytes without a line end" : c.error() != null ? "; reading stdout failed: "
                        + c.error().getMessage() : "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortFailureException(PortFailure.TIMEOUT, step, "interrupted while waiting for " + waitingFor);
        }
    }

    /** The port closed its stdout or died while the harness waited for {@code waitingFor}: crashed or exited. */
    private PortFailureException exited(long step, String waitingFor, String detail) throws InterruptedException {
        Integer status = process.exitStatus(1000);
        if (status == null) {
            return new PortFailureException(PortFailure.EXITED, step, "the port closed its stdout while the harness "
                    + "waited for a reply to " + waitingFor + detail + stderrEvidence(0));
        }
        if (status != 0) {
            return new PortFailureException(PortFailure.CRASHED, step, "the port exited with status " + status
                    + " while the harness waited for a reply to " + waitingFor + detail + stderrEvidence(1000));
        }
        return new PortFailureException(PortFailure.EXITED, step, "the port exited with status 0 while the harness "
                + "waited for a reply to " + waitingFor + detail + stderrEvidence(1000));
    }

    private PortFailureException runTimeout(long step) {
        return new PortFailureException(PortFailure.RUN_TIMEOUT, step, "the run exceeded "
                + options.runTimeout().toMillis() + " ms " + (step == PortFailure.HANDSHAKE ? "in the handshake" : "at step "
                + step) + " (--run-timeout)");
    }

    private String stderrEvidence(long waitMillis) {
        List<String> tail;
        try {
            tail = process.stderrTail(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tail = List.of();
        }
        if (tail.isEmpty()) return "; stderr was empty";
        return "; last stderr lines:\n  " + String.join("\n  ", tail);
    }
}
