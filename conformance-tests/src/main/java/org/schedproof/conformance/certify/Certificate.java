package org.schedproof.conformance.certify;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.schedproof.spec.EngineConfig;

/**
 * What {@code certify} found (spec/PORT.md section 10, spec/LEVELS.md), written as DIR/certificate.json. Everything in
 * it is a function of what it records (target, policy, parameters, level, suite), so that {@code certify --verify}
 * re-runs it and compares: no wall-clock time, no host name, no absolute path of the output folder.
 *
 * @param levelReached the highest level whose every invariant passes on every workload with no run failure, or null
 */
public record Certificate(String format, String harness, String traceSchema, String protocol, Target target,
                          String portName, String policy, Map<String, String> parameters, String suite,
                          Integer suiteVersion, Level level, Level levelReached, Summary summary,
                          List<WorkloadResult> workloads) {
    public static final String FORMAT = "schedproof.certificate/1";
    public static final String HARNESS = "schedproof 0.1.0";
    /** spec/PORT.md's protocol version, written in the certificate of a port. */
    public static final String PORT_PROTOCOL = "schedproof.port/1";

    public Certificate {
        parameters = new TreeMap<>(parameters);
        workloads = List.copyOf(workloads);
    }

    /** Whether the level asked for was reached: exit status 0. */
    public boolean reached() {
        return levelReached == level;
    }

    /** Counts over every workload x invariant row (as junit.xml lists them). */
    public record Summary(int workloads, int skippedWorkloads, int passed, int failed, int notApplicable,
                          int runFailures) {}

    /**
     * One workload's results. {@code skipped} (with its reason) when it could not run here (the model on FastEngine
     * without a CUDA device); then nothing else is filled in.
     *
     * @param run the run itself: no protocol verdict, no batch rejected by the engine, ended {@code done}
     */
    public record WorkloadResult(String id, String address, String digest, Long seed, EngineConfig engine,
                                 String skipped, String trace, String portStderr, Verdict verdict, RunResult run,
                                 RunStats stats, List<InvariantResult> results,
                                 ScheduleDifferential.Divergence divergence) {
        public WorkloadResult {
            results = results == null ? List.of() : List.copyOf(results);
        }
    }

    /** A protocol verdict (spec/PORT.md section 8): what, at which step ({@code -1}: in the handshake), evidence. */
    public record Verdict(String verdict, long step, String message) {}

    /** How the run ended and whether it counts as run: {@code failure} says why not, null when it does. */
    public record RunResult(String endReason, long steps, long completed, long rejectedSteps, long engineViolations,
                            String failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    /** One invariant on one workload: {@code pass}, {@code fail} (violation count and the first), {@code n/a}, or {@code not-run}. */
    public record InvariantResult(String id, String status, long violations, String firstViolation) {
        public static final String PASS = "pass";
        public static final String FAIL = "fail";
        public static final String NA = "n/a";
        /** Not judged: the port failed in the handshake, so there is no trace. */
        public static final String NOT_RUN = "not-run";
    }

    /**
     * What was certified: {@code port} (argv {@code command} and the port limits), {@code engine} ({@code reference} or
     * {@code fast}, in process), or {@code traces} (files written by a port's own engine, judged offline).
     */
    public record Target(String kind, List<String> command, String engine, List<String> traces, Limits limits) {
        public static final String PORT = "port";
        public static final String ENGINE = "engine";
        public static final String TRACES = "traces";

        public Target {
            command = command == null ? null : List.copyOf(command);
            traces = traces == null ? null : List.copyOf(traces);
        }

        public static Target port(List<String> argv, Limits limits) {
            return new Target(PORT, argv, null, null, limits);
        }

        public static Target engine(String engine) {
            return new Target(ENGINE, null, engine, null, null);
        }

        public static Target traces(List<String> files) {
            return new Target(TRACES, null, null, files, null);
        }

        /** A one-line description for messages and the junit.xml suite name. */
        public String describe() {
            return switch (kind) {
                case PORT -> "port " + String.join(" ", command);
                case ENGINE -> engine + " engine";
                default -> "traces " + String.join(" ", traces);
            };
        }
    }

    /** The port limits of spec/PORT.md section 8, in milliseconds and bytes. */
    public record Limits(long startTimeoutMs, long replyTimeoutMs, long runTimeoutMs, int maxLineBytes) {}
}
