package org.schedproof.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.spec.Batch;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.EngineConfig.HostMemory;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.trace.TraceEvent;

/** The engine's host-memory tier: offload, prefetch, their accounting, cost and named violations. */
class OffloadTest {
    /** 8 blocks of 16, no watermark, budget 128, the tiny model; 4 host blocks at 8 bits, 10 ms per block moved. */
    static final EngineConfig CFG = EngineConfig.defaults().withBlocks(8, 16).withWatermark(0).withTokenBudget(128)
            .withMaxStalled(4).withModel(ModelSpec.tiny(3)).withHost(new HostMemory(4, 8, 10_000_000_000L));

    /** 40-token prompt (2 full blocks and 8 positions), 4 tokens. */
    static final Request R0 = new Request(0, "a", 0, Prompt.single(5, 40), 4);

    private static Batch slice(long id, int start, int length) {
        return Batch.of(List.of(new Slice(id, start, length)));
    }

    private static Batch offload(long id) {
        return new Batch(List.of(), List.of(id), List.of(), List.of());
    }

    private static Batch prefetch(long id) {
        return new Batch(List.of(), List.of(), List.of(id), List.of());
    }

    /** A scheduler that plays {@code plan}, one batch per step, then nothing; {@code seen} records each view. */
    private static Scheduler play(List<Batch> plan, Function<EngineView, Void> seen) {
        List<Batch> left = new ArrayList<>(plan);
        return new Scheduler() {
            @Override
            public String name() {
                return "plan";
            }

            @Override
            public Batch schedule(EngineView view) {
                seen.apply(view);
                return left.isEmpty() ? Batch.EMPTY : left.remove(0);
            }
        };
    }

    @Test
    void anOffloadedRequestResumesWhereItLeftOffWithTheSameTokens() {
        List<String> views = new ArrayList<>();
        // prefill [0,40) emits token 1; offload; prefetch; then three decodes at 40, 41, 42
        List<Batch> plan = List.of(slice(0, 0, 40), offload(0), prefetch(0), slice(0, 40, 1), slice(0, 41, 1),
                slice(0, 42, 1));
        Runs run = Runs.of(CFG, play(plan, v -> {
            views.add(v.running().size() + " running, " + v.offloaded().size() + " offloaded"
                    + (v.offloaded().isEmpty() ? "" : " (" + v.offloaded().get(0).offloaded() + ", computed "
                    + v.offloaded().get(0).computed() + ")") + ", host free " + v.hostFreeBlocks());
            return null;
        }), List.of(R0));
        Runs straight = Runs.of(CFG, Schedulers.create("fcfs", "sarathi"), List.of(R0));
        assertThat(run.tokens()).isEqualTo(straight.tokens()).containsKey(0L);
        assertThat(run.end().reason()).isEqualTo(TraceEvent.End.DONE);
        // 3 GPU blocks at 8 bits take ceil(3 * 8 / 16) = 2 of the 4 host blocks while offloaded
        assertThat(views).containsExactly("0 running, 0 offloaded, host free 4", "1 running, 0 offloaded, host free 4",
                "0 running, 1 offloaded (true, computed 40), host free 2", "1 running, 0 offloaded, host free 4",
                "1 running, 0 offloaded, host free 4", "1 running, 0 offloaded, host free 4");
        List<TraceEvent.Step> steps = run.steps();
        assertThat(steps.get(1).offloaded()).containsExactly(0L);
        assertThat(steps.get(2).prefetched()).containsExactly(0L);
        // after the offload only its 2 cached prompt blocks stay in use; the prefetch adds 3 private blocks; the
        // next slice folds the 2 full prompt blocks back into the cached ones, which stay cached at the end
        assertThat(steps).extracting(TraceEvent.Step::kvUsedBlocks).containsExactly(3, 2, 5, 3, 3, 2);
    }

    @Test
    void aTransferLastsTwoBlocksOfCopyAndOverlapsTheCompute() {
        List<Batch> plan = List.of(slice(0, 0, 40), offload(0), prefetch(0), slice(0, 40, 1), slice(0, 41, 1),
                slice(0, 42, 1));
        List<TraceEvent.Step> steps = Runs.of(CFG, play(plan, v -> null), List.of(R0)).steps();
        // 2 host blocks x 10 ms = 20,000 us, longer than the empty iteration's 6,610 us (base 6,609,530,000 ps)
        assertThat(steps.get(1).durationUs()).isEqualTo(20_000);
        assertThat(steps.get(2).durationUs()).isEqualTo(20_000);
        // with a fast link the compute is the longer: the base iteration
        EngineConfig fast = CFG.withHost(new HostMemory(4, 8, 1_000_000L));
        assertThat(Runs.of(fast, play(plan, v -> null), List.of(R0)).steps().get(1).durationUs()).isEqualTo(6_610);
    }

    @Test
    void offloadedBlocksAreFreeOnlyAfterTheIteration() {
        // request 1 needs 6 blocks: in the offload step only 5 are free (request 0 still holds 3), after it 8
        Request r1 = new Request(1, "b", 0, Prompt.single(9, 96), 1);
        List<Batch> plan = List.of(slice(0, 0, 40),
                new Batch(List.of(), List.of(0L), List.of(), List.of(new Slice(1, 0, 96))),
                offload(0), slice(1, 0, 96));
        Runs run = Runs.of(CFG, play(plan, v -> null), List.of(R0, r1));
        assertThat(run.steps().get(1).violations()).extracting(Violation::rule).containsExactly("KV_CAPACITY");
        assertThat(run.steps().get(2).violations()).isEmpty();
        assertThat(run.steps().get(3).violations()).isEmpty();
        assertThat(run.steps().get(3).finished()).containsExactly(1L);
    }

    @Test
    void illegalMovesAreNamedViolations() {
        Request r1 = new Request(1, "b", 0, Prompt.single(9, 8), 2);
        assertThat(rules(List.of(slice(0, 0, 40), offload(0), slice(0, 40, 1)), CFG))
                .startsWith(List.of(), List.of(), List.of("OFFLOADED_REQUEST"));
        assertThat(rules(List.of(slice(0, 0, 40), offload(0),
                new Batch(List.of(), List.of(), List.of(0L), List.of(new Slice(0, 40, 1)))), CFG))
                .startsWith(List.of(), List.of(), List.of("OFFLOADED_REQUEST"));
        assertThat(rules(List.of(new Batch(List.of(), List.of(0L), List.of(), List.of(new Slice(0, 0, 40)))), CFG))
                .startsWith(List.of("OFFLOAD_NOT_RUNNING"));
        assertThat(rules(List.of(slice(0, 0, 40), prefetch(0)), CFG))
                .startsWith(List.of(), List.of("PREFETCH_NOT_OFFLOADED"));
        assertThat(rules(List.of(slice(0, 0, 40), new Batch(List.of(0L), List.of(0L), List.of(), List.of())), CFG))
                .startsWith(List.of(), List.of("OFFLOAD_NOT_RUNNING"));
        // without host memory nothing fits: 3 blocks need 3 host blocks, 0 are free
        EngineConfig noHost = CFG.withHost(HostMemory.NONE);
        assertThat(rules(List.of(slice(0, 0, 40), offload(0)), noHost)).startsWith(List.of(), List.of("HOST_CAPACITY"));
        // request 1's 1 block takes ceil(8 / 16) = 1 host block, request 0's 3 take 2: 3 > 2
        EngineConfig twoHost = CFG.withHost(new HostMemory(2, 8, 1L));
        assertThat(rules(List.of(new Batch(List.of(), List.of(new Slice(0, 0, 40), new Slice(1, 0, 8))),
                new Batch(List.of(), List.of(1L, 0L), List.of(), List.of())), twoHost, R0, r1))
                .startsWith(List.of(), List.of("HOST_CAPACITY"));
    }

    private static List<List<String>> rules(List<Batch> plan, EngineConfig cfg, Request... requests) {
        List<Request> w = requests.length == 0 ? List.of(R0) : List.of(requests);
        List<List<String>> out = new ArrayList<>();
        for (TraceEvent.Step s : Runs.of(cfg, play(plan, v -> null), w).steps()) {
            out.add(s.violations().stream().map(Violation::rule).filter(r -> !r.equals("LIVENESS")).toList());
        }
        return out;
    }
}
