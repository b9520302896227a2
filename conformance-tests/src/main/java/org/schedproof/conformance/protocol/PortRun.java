package org.schedproof.conformance.protocol;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceEvent;

/**
 * One workload run through a port on the reference engine (spec/PORT.md): the harness is the engine, the port the
 * scheduler. The port is always closed (its process tree ended) before this returns.
 */
public final class PortRun {
    private PortRun() {}

    /**
     * What came of a run: the trace's end event (absent when the handshake failed and no trace was written), the
     * port's failure if any (a protocol verdict; an illegal batch is not one, it is a rejected step in the trace), and
     * the name the port gave in {@code ready}.
     */
    public record Result(Optional<TraceEvent.End> end, Optional<PortFailure> failure, Optional<String> portName) {}

    /**
     * Runs {@code workload} on {@code engine} with the port {@code argv} certified as {@code policy} with
     * {@code parameters} (all of them, defaults included, as the reference names them), writing every trace event to
     * {@code sink} (header first, end last) and the port's stderr to {@code stderrLog} (null: not kept). Requests
     * that can never fit the engine are an {@link IllegalArgumentException} before the port is started.
     */
    public static Result run(List<String> argv, PortOptions options, String policy, Map<String, String> parameters,
                             EngineConfig engine, Workload workload, Path stderrLog, Consumer<TraceEvent> sink) {
        Engine.checkFits(engine, workload.requests());
        Hello hello = new Hello(policy, parameters, engine, workload.name(), workload.size());
        try (PortScheduler port = PortScheduler.start(argv, options, hello, stderrLog)) {
            if (port.failure().isPresent()) return new Result(Optional.empty(), port.failure(), port.portName());
            TraceEvent.End end = new Engine(engine, port, port.observing(sink))
                    .run(workload.requests(), workload.name(), workload.digest());
            port.end(end.reason());
            return new Result(Optional.of(end), port.failure(), port.portName());
        }
    }
}
