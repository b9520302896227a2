package org.schedproof.conformance.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.schedproof.conformance.fuzz.shrink.Shrinker;
import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;

/** Shrinks one failing workload keeping one failure id, and saves the result as a replayable case. */
public final class Minimize {
    private Minimize() {}

    /** The shrunk case, its run (trace kept), and the shrink's cost. */
    public record Result(Workload workload, EngineConfig config, CaseRunner.Run run, int runs, double seconds) {}

    /**
     * Shrinks ({@link Shrinker}, at most {@code maxRuns} runs) while the run still fails {@code id}, then saves the
     * case to {@code dir} when it is not null.
     */
    public static Result run(CaseRunner runner, Workload w, EngineConfig c, Map<String, String> params, String id,
                             int maxRuns, Path dir, String caseId, String origin) throws IOException {
        long t0 = System.nanoTime();
        Shrinker.Result small = new Shrinker((x, cfg) -> runner.run(x, cfg, params, false).verdict().has(id), maxRuns)
                .shrink(w, c);
        double secs = (System.nanoTime() - t0) / 1e9;
        EngineConfig config = runner.target().adapt(small.config(), small.workload());
        CaseRunner.Run run = runner.run(small.workload(), config, params, true);
        if (dir != null) {
            new SavedCase(caseId, runner.target(), runner.oracles(), params, config, small.workload(), id, origin)
                    .save(dir, run);
        }
        return new Result(small.workload(), config, run, small.runs(), secs);
    }
}
