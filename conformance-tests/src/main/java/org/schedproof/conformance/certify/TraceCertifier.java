package org.schedproof.conformance.certify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.schedproof.conformance.suite.SuiteWorkload;
import org.schedproof.engine.core.Engine;
import org.schedproof.engine.workload.Workload;
import org.schedproof.engine.workload.WorkloadException;
import org.schedproof.engine.workload.Workloads;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceFormatException;
import org.schedproof.spec.trace.TraceReader;

/**
 * {@code certify --trace}: traces a port's own engine wrote, one per workload (spec/PORT.md section 9). L1 and L2
 * judge them as written; L3 re-runs the reference on the workload, engine and parameters each header names, after
 * checking the workload's digest. All traces must name one policy with one set of parameters.
 */
final class TraceCertifier {
    private TraceCertifier() {}

    static Certifier.Outcome certify(Certifier.Request req, Path out, Certifier.Listener listener) {
        List<String> files = req.target().traces();
        if (files == null || files.isEmpty()) throw new CertifyException("--trace: no trace file given");
        List<Certificate.WorkloadResult> results = new ArrayList<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        PolicySpec first = null;
        TraceEvent.Header firstHeader = null;
        listener.begin(0);
        int i = 0;
        for (String file : files) {
            long t0 = System.nanoTime();
            Path path = Path.of(file);
            TraceEvent.Header h = header(path);
            PolicySpec spec;
            try {
                spec = PolicySpec.fromHeader(h);
            } catch (IllegalArgumentException e) {
                throw new CertifyException(file + ": header: " + e.getMessage(), e);
            }
            if (first == null) {
                first = spec;
                firstHeader = h;
            } else if (!h.policy().equals(firstHeader.policy()) || !h.parameters().equals(firstHeader.parameters())) {
                throw new CertifyException(file + ": a certificate covers one policy with one set of parameters; this "
                        + "trace names " + h.policy() + " " + new TreeMap<>(h.parameters()) + ", " + files.get(0)
                        + " names " + firstHeader.policy() + " " + new TreeMap<>(firstHeader.parameters()));
            }
            String id = uniqueId(path, ids);
            listener.workload(id, i++, files.size());
            ScheduleDifferential diff = req.level() == Level.L3 ? offlineDifferential(file, h, spec) : null;
            WorkloadRun run = new WorkloadRun(diff);
            try (TraceReader reader = TraceReader.open(path)) {
                while (reader.hasNext()) {
                    TraceEvent e = reader.next();
                    run.accept(e);
                    listener.event(e);
                }
            } catch (TraceFormatException e) {
                throw new CertifyException(e.getMessage(), e);
            } catch (IOException e) {
                throw new CertifyException(file + ": cannot read: " + e.getMessage(), e);
            }
            run.tracePath = file;
            results.add(run.result(id, h.workload(), h.workloadDigest(), SuiteWorkload.seedOf(h.workload()), h.engine(),
                    "", req.level()));
            seconds.put(id, (System.nanoTime() - t0) / 1e9);
        }
        return new Certifier.Outcome(Certifier.certificate(req, null, null, first.name(), new TreeMap<>(firstHeader.parameters()),
                null, null, results), seconds);
    }

    private static TraceEvent.Header header(Path path) {
        try (TraceReader r = TraceReader.open(path)) {
            return r.header();
        } catch (TraceFormatException e) {
            throw new CertifyException(e.getMessage(), e);
        } catch (IOException e) {
            throw new CertifyException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The differential of an offline trace: the reference re-run on the workload, engine and parameters it names. */
    private static ScheduleDifferential offlineDifferential(String file, TraceEvent.Header h, PolicySpec spec) {
        Workload w;
        try {
            w = Workloads.load(h.workload());
        } catch (WorkloadException | IllegalArgumentException e) {
            throw new CertifyException(file + ": L3 re-runs the reference on the workload the header names, and '"
                    + h.workload() + "' cannot be loaded: " + e.getMessage(), e);
        }
        if (!w.digest().equals(h.workloadDigest())) {
            return ScheduleDifferential.failed("the workload the header names (" + h.workload() + ") loads with digest "
                    + w.digest() + " but the header says " + h.workloadDigest()
                    + ": the trace was not made from that workload, so the reference cannot be re-run on it");
        }
        try {
            Engine.checkFits(h.engine(), w.requests());
        } catch (IllegalArgumentException e) {
            throw new CertifyException(file + ": " + e.getMessage(), e);
        }
        return ScheduleDifferential.against(spec, h.engine(), w);
    }

    private static String uniqueId(Path path, Set<String> taken) {
        String name = path.getFileName().toString().replaceFirst("\\.gz$", "").replaceFirst("\\.jsonl?$", "");
        String id = name;
        for (int k = 2; !taken.add(id); k++) id = name + "-" + k;
        return id;
    }
}
