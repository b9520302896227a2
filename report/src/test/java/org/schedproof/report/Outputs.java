package org.schedproof.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.schedproof.engine.workload.WorkloadWriter;
import org.schedproof.engine.workload.Workloads;

/**
 * certify and fuzz output folders in the formats their branches write (spec/PORT.md section 10 on h-certify;
 * SavedCase and Summary on h-fuzz), built here from a real small run so the report's readers can be tested before
 * those commands are on main.
 */
final class Outputs {
    static final String SHRUNK = "gen:poisson?requests=6&clients=2&qps=50&seed=7";

    private Outputs() {}

    /**
     * An L3 certificate of two workloads: one passes, one fails FAIR-VTC-GAP and diverges at step 5; {@code trace}
     * (a vtc run of {@link Runs#WORKLOAD}) stands for the candidate's trace of the failing one.
     */
    static Path certify(Path dir, Path trace) throws IOException {
        Files.createDirectories(dir.resolve("overload"));
        Files.copy(trace, dir.resolve("overload").resolve("trace.jsonl"));
        Files.writeString(dir.resolve("certificate.json"), """
                {"format":"schedproof.certificate/1","harness":"schedproof 0.1.0","traceSchema":"schedproof.trace/1",
                 "protocol":"schedproof.port/1",
                 "target":{"kind":"port","command":["python3","ports/python/vtc.py"],
                           "limits":{"startTimeoutMs":10000,"replyTimeoutMs":5000,"runTimeoutMs":600000,"maxLineBytes":16777216}},
                 "portName":"vtc-port","policy":"vtc/sarathi","parameters":{"lift":"paper","output-charge":"once"},
                 "suite":"quick","suiteVersion":1,"level":"L3",
                 "summary":{"workloads":2,"skippedWorkloads":0,"passed":5,"failed":2,"notApplicable":1,"runFailures":0},
                 "workloads":[
                  {"id":"calm","address":"gen:poisson?requests=20&seed=1","digest":"sha256:aa","seed":1,
                   "trace":"calm/trace.jsonl",
                   "run":{"endReason":"done","steps":40,"completed":20,"rejectedSteps":0,"engineViolations":0},
                   "results":[{"id":"SAFE-BUDGET","status":"pass","violations":0},
                              {"id":"FAIR-VTC-GAP","status":"pass","violations":0},
                              {"id":"ORDER-LPM","status":"n/a","violations":0},
                              {"id":"DIFF-SCHEDULE","status":"pass","violations":0}]},
                  {"id":"overload","address":"gen:poisson?requests=160&clients=4&qps=25&seed=3","digest":"sha256:bb",
                   "seed":3,"trace":"overload/trace.jsonl",
                   "run":{"endReason":"done","steps":2402,"completed":160,"rejectedSteps":0,"engineViolations":0},
                   "results":[{"id":"SAFE-BUDGET","status":"pass","violations":0},
                              {"id":"FAIR-VTC-GAP","status":"fail","violations":3,
                               "firstViolation":"step 41: client-2 received 5000 more weighted service than client-0"},
                              {"id":"ORDER-LPM","status":"n/a","violations":0},
                              {"id":"DIFF-SCHEDULE","status":"fail","violations":1,
                               "firstViolation":"step 5: the slices differ"}],
                   "divergence":{"step":5,"what":"the slices differ",
                     "referenceBatch":"slices [0@120+1, 3@0+255] emitted [0]",
                     "candidateBatch":"preempt [2] slices [0@120+1, 4@0+255] emitted [0]"}}]}
                """);
        return dir;
    }

    /** A fuzz output: summary.json and one saved failure with its shrunk workload, trace and verdict. */
    static Path fuzz(Path dir) throws IOException {
        Path c = dir.resolve("failures").resolve("FAIR-VTC-GAP-0001");
        Runs.simulate(c, "vtc", SHRUNK);
        WorkloadWriter.write(Workloads.load(SHRUNK), c.resolve("workload.jsonl"));
        Files.writeString(c.resolve("verdict.txt"), "FAIR-VTC-GAP: step 3: client-1 received 900 more weighted "
                + "service than client-0 over steps [1, 4)\n");
        Files.writeString(c.resolve("case.json"), """
                {"schema":"schedproof.fuzz-case/1","id":"FAIR-VTC-GAP-0001",
                 "target":{"kind":"mutant","policy":"vtc","batching":"sarathi","mutant":"vtc-no-lift"},
                 "oracles":"L2","failure":"FAIR-VTC-GAP","origin":"seed 42 shard 0/1 case 17, shrunk from 40 requests",
                 "requests":6,"params":{"lift":"paper"},
                 "engine":{"numBlocks":400,"blockSize":16,"tokenBudget":256,"maxRunning":128,"watermarkBlocks":4,
                           "prefixCaching":true,"model":{"shape":"off","seed":0}}}
                """);
        Files.writeString(dir.resolve("summary.json"), """
                {"target":"mutant vtc-no-lift","oracles":"L2","seed":42,"shards":["0/1"],"cases":2000,
                 "failingCases":12,"seconds":31.5,
                 "failures":{"FAIR-VTC-GAP":{"cases":12,"saved":["failures/FAIR-VTC-GAP-0001"]}}}
                """);
        return dir;
    }
}
