package org.schedproof.gpu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.schedproof.engine.Schedulers;
import org.schedproof.spec.Batch;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.SchedulerFailure;
import org.schedproof.spec.trace.TraceEvent;

/** Hand-built situations for the optimized engine on its own, model off. */
class FastEngineTest {
    private static final EngineConfig SMALL = EngineConfig.defaults().withBlocks(64, 16).withWatermark(0);

    @Test
    void secondRequestWithTheSamePromptHitsItsFullBlocks() {
        // 40-token prompt = 2 full blocks of 16 + 8; the second request arrives after the first finished prefill.
        Prompt p = Prompt.single(7, 40);
        List<Request> rs = List.of(new Request(0, "a", 0, p, 2), new Request(1, "b", 100_000, p, 2));
        List<TraceEvent> events = new ArrayList<>();
        new FastEngine(SMALL, Schedulers.create("fcfs", "sarathi"), events::add).run(rs, "t", "none");
        List<TraceEvent.Hit> hits = events.stream().filter(e -> e instanceof TraceEvent.Step)
                .flatMap(e -> ((TraceEvent.Step) e).hits().stream()).toList();
        assertThat(hits).containsExactly(new TraceEvent.Hit(1, 32));
        assertThat(((TraceEvent.End) events.get(events.size() - 1)).completed()).isEqualTo(2);
    }

    @Test
    void aRequestThatCanNeverFitIsRefusedUpFront() {
        // 64 blocks of 16 hold 1024 positions; 1020 + 5 do not fit.
        List<Request> rs = List.of(new Request(0, "a", 0, Prompt.single(1, 1020), 5));
        assertThatThrownBy(() -> new FastEngine(SMALL, Schedulers.create("fcfs", "sarathi"), e -> {}).run(rs, "t", "none"))
                .hasMessageContaining("request 0 needs 1025 KV positions");
    }

    @Test
    void aSchedulerFailureEndsTheRunWithTheReasonItNames() {
        Scheduler failing = new Scheduler() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public Batch schedule(EngineView view) {
                throw new SchedulerFailure("port-crashed", "exit status 3");
            }
        };
        List<TraceEvent> events = new ArrayList<>();
        TraceEvent.End end = new FastEngine(SMALL, failing, events::add)
                .run(List.of(new Request(0, "a", 0, Prompt.single(1, 10), 2)), "t", "none");
        assertThat(end.reason()).isEqualTo("port-crashed");
        TraceEvent.Step step = (TraceEvent.Step) events.stream().filter(e -> e instanceof TraceEvent.Step)
                .findFirst().orElseThrow();
        assertThat(step.violations()).extracting(v -> v.rule()).containsExactly("SCHEDULER_ERROR");
    }

    @Test
    void modelOnWithoutADeviceSaysSo() {
        org.junit.jupiter.api.Assumptions.assumeFalse(org.schedproof.gpu.cuda.CudaDevice.available());
        assertThatThrownBy(() -> new FastEngine(SMALL.withModel(ModelSpec.tiny(1)), Schedulers.create("fcfs", "sarathi"),
                e -> {})).hasMessageStartingWith("no CUDA device");
    }
}
