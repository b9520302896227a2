package org.schedproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.schedproof.conformance.certify.Certificate;
import org.schedproof.conformance.certify.CertificateText;
import org.schedproof.conformance.certify.Certifier;
import org.schedproof.conformance.certify.CertifyException;
import org.schedproof.conformance.certify.Level;
import org.schedproof.conformance.certify.PolicySpec;
import org.schedproof.conformance.certify.Verifier;
import org.schedproof.conformance.suite.Suites;
import org.schedproof.spec.trace.TraceEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code schedproof certify}: a port, an in-process engine or a port's own traces certified at a level (spec/LEVELS.md). */
@Command(name = "certify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Certifies a scheduler at a level (spec/LEVELS.md): L1 safety, liveness and the batch former's rules, L2 "
                    + "also the policy's own guarantees, L3 also the same schedule as the reference policy with the "
                    + "same parameters. Runs every workload of a suite, judges each trace as it is produced, and writes "
                    + "DIR/certificate.json, DIR/junit.xml (Maven Surefire's format: CI systems list it as tests), "
                    + "DIR/WORKLOAD/trace.jsonl and DIR/WORKLOAD/port.stderr.log.",
            "Exactly one target: --port -- CMD ARGS... (a port over spec/PORT.md's protocol), --engine reference|fast "
                    + "(our own engines in process), or --trace FILE... (traces a port's own engine wrote: L1 and L2 "
                    + "judge them as written, L3 re-runs the reference on the workload and engine their header names). "
                    + "Or --verify DIR: re-run the certificate in DIR and say whether it still holds.",
            "Exit status: 0 the level is reached (--verify: the certificate is reproduced and holds), 1 it is not (a "
                    + "failing invariant, a protocol verdict, a rejected batch; --verify: the certificate differs), "
                    + "2 could not run (bad arguments, an unreadable trace, a port command that cannot be parsed)."},
        footer = {"", "Examples:",
            "  schedproof certify --suite quick --port -- python3 ports/python/fcfs_sarathi.py",
            "  schedproof certify --policy dlpm --param quantum=512 --out out/dlpm --port -- python3 ports/python/dlpm_sarathi.py",
            "  schedproof certify --policy vtc --engine fast --suite full --level L3",
            "  schedproof certify --level L2 --trace my-engine/run1.jsonl my-engine/run2.jsonl.gz",
            "  schedproof certify --verify out/dlpm"})
final class CertifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "Certify a port: the command after '--' (an argv list, never a shell "
            + "string) is started once per workload and driven over the protocol of spec/PORT.md.")
    boolean port;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "With --port: the port's command and arguments, after '--'.")
    List<String> command = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "ENGINE", description = "Certify our own engine in process: 'reference' "
            + "(reference-engine's Engine and policies) or 'fast' (gpu-engine's FastEngine and indexed policies; "
            + "workloads with the exact model on are skipped without a CUDA device).")
    String engine;

    @Option(names = "--trace", arity = "1..*", paramLabel = "FILE", description = "Certify traces written by a port's "
            + "own engine (schema v1, spec/TRACE.md, .gz accepted), one per workload; their headers name the policy, "
            + "parameters, engine and workload, so --policy, --batching, --param and --suite do not apply.")
    List<String> traces;

    @Option(names = "--verify", paramLabel = "DIR", description = "Re-run the certificate in DIR from what it records "
            + "and compare; prints the first difference (a tampered certificate, a changed port).")
    Path verify;

    @Option(names = "--policy", defaultValue = "fcfs", paramLabel = "NAME", completionCandidates = PolicyNames.class,
            description = "The reference policy the target is certified as: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--batching", defaultValue = "sarathi", paramLabel = "FORMER",
            description = "The batch former: sarathi, prefill-first, orca (ignored by ltr and alise, which form their "
                    + "own batches). Default: ${DEFAULT-VALUE}.")
    String batching;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A policy option (spec/FAIRNESS.md, "
            + "reference-engine/README.md); repeatable. The port is told every parameter, defaults included.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--level", defaultValue = "L3", paramLabel = "LEVEL",
            description = "L1, L2 or L3 (spec/LEVELS.md). Default: ${DEFAULT-VALUE}.")
    String level;

    @Option(names = "--suite", defaultValue = "full", paramLabel = "SUITE",
            description = "The workloads: 'full' (the one a certificate should cite) or 'quick' (a fast subset). "
                    + "Default: ${DEFAULT-VALUE}.")
    String suite;

    @Option(names = "--out", defaultValue = "out/certify", paramLabel = "DIR",
            description = "Where the certificate, junit.xml, traces and port logs go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--start-timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "With --port: how long the port may take to answer hello. Default: ${DEFAULT-VALUE}.")
    long startTimeout;

    @Option(names = "--reply-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "With --port: how long one reply to a step may take. Default: ${DEFAULT-VALUE}.")
    long replyTimeout;

    @Option(names = "--run-timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "With --port: how long one workload's run may take. Default: ${DEFAULT-VALUE}.")
    long runTimeout;

    @Option(names = "--max-line", defaultValue = "1048576", paramLabel = "BYTES",
            description = "With --port: the longest stdout line the port may write. Default: ${DEFAULT-VALUE}.")
    int maxLine;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return verify != null ? verify(out) : certify(out);
        } catch (CertifyException | IllegalArgumentException e) {
            err.println("schedproof certify: " + e.getMessage());
            return 2;
        }
    }

    private int certify(PrintWriter out) {
        int targets = (port ? 1 : 0) + (engine != null ? 1 : 0) + (traces != null ? 1 : 0);
        if (targets != 1) {
            throw new CertifyException("give exactly one target: --port -- CMD ARGS..., --engine reference|fast, "
                    + "--trace FILE..., or --verify DIR");
        }
        if (!port && !command.isEmpty()) throw new CertifyException("unexpected arguments " + command + " (only --port takes a command)");
        if (port && command.isEmpty()) throw new CertifyException("--port: give the port's command after '--', e.g. --port -- python3 myport.py");
        Level l = Level.parse(level);
        Certifier.Request request;
        if (traces != null) {
            request = new Certifier.Request(Certificate.Target.traces(traces), null, l, null);
        } else {
            Certificate.Target target = port
                    ? Certificate.Target.port(command, new Certificate.Limits(startTimeout * 1000, replyTimeout * 1000,
                            runTimeout * 1000, maxLine))
                    : Certificate.Target.engine(engine);
            request = new Certifier.Request(target, new PolicySpec(policy, batching, params), l, Suites.named(suite));
        }
        Certificate c = run(request, out);
        print(c, out);
        return c.reached() ? 0 : 1;
    }

    private Certificate run(Certifier.Request request, PrintWriter out) {
        try (Bar bar = new Bar(out)) {
            return Certifier.certify(request, this.out, bar).certificate();
        }
    }

    private int verify(PrintWriter out) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("schedproof-verify");
        } catch (IOException e) {
            throw new CertifyException("cannot create a scratch folder: " + e.getMessage(), e);
        }
        try {
            Verifier.Result r;
            try (Bar bar = new Bar(out)) {
                r = Verifier.verify(verify, scratch, bar);
            }
            Certificate c = r.rerun();
            if (!r.reproduced()) {
                out.println("certificate " + verify.resolve("certificate.json") + " does NOT hold: the re-run differs at "
                        + r.difference());
                out.println("(re-run: level reached " + (c.levelReached() == null ? "none" : c.levelReached()) + " of "
                        + c.level() + ")");
            } else if (!c.reached()) {
                out.println("certificate " + verify.resolve("certificate.json") + " is reproduced, and it certifies no "
                        + "level reached of " + c.level() + " (level reached: " + (c.levelReached() == null ? "none"
                        : c.levelReached()) + ")");
            } else {
                out.println("certificate " + verify.resolve("certificate.json") + " holds: reproduced exactly, "
                        + c.policy() + " at " + c.levelReached() + (c.suite() == null ? "" : " on " + c.suite() + "@"
                        + c.suiteVersion()));
            }
            out.flush();
            return r.holds() ? 0 : 1;
        } finally {
            deleteTree(scratch);
        }
    }

    private void print(Certificate c, PrintWriter out) {
        out.print(CertificateText.render(c));
        out.println("certificate: " + this.out.resolve("certificate.json") + "   junit: " + this.out.resolve("junit.xml")
                + "   summary: " + this.out.resolve("summary.txt"));
        out.flush();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a scratch folder left behind in the temp dir is harmless
        }
    }

    /** The progress bar over every request of the suite, on a terminal only. */
    private static final class Bar implements Certifier.Listener, AutoCloseable {
        private final PrintWriter out;
        private Progress progress;

        Bar(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void begin(long requests) {
            if (requests > 0) progress = new Progress(System.out, requests);
        }

        @Override
        public void event(TraceEvent e) {
            if (progress != null) progress.accept(e);
        }

        @Override
        public void close() {
            if (progress != null) progress.close();
            out.flush();
        }
    }
}
