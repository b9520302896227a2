package org.schedproof.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.core.Engine;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.trace.TraceEvent;

/** VTC on the real engine under every reference former: determinism, NoOOM, and its trace replayed from the spec. */
class VtcEngineTest {
    static final EngineConfig SMALL = EngineConfig.defaults().withBlocks(48, 16).withMaxRunning(16).withWatermark(1);

    @ParameterizedTest
    @ValueSource(strings = {"sarathi", "prefill-first", "orca"})
    void reserveMaxOutputNeverPreemptsWhereTheFormersOwnAdmissionDoes(String batching) {
        long formerPreemptions = 0;
        for (long seed = 1; seed <= 12; seed++) {
            List<Request> w = workload(seed, 40);
            List<TraceEvent> reserve = run(batching, Map.of("admission", "reserve-max-output"), w);
            assertThat(preemptions(reserve)).as("seed %d: NoOOM", seed).isZero();
            assertThat(end(reserve).completed()).as("seed %d", seed).isEqualTo(w.size());
            assertThat(end(reserve).violations()).as("seed %d", seed).isZero();
            formerPreemptions += preemptions(run(batching, Map.of(), w));
        }
        assertThat(formerPreemptions).as("the pool is small enough that the former alone preempts").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sarathi", "prefill-first", "orca"})
    void theTraceReplaysFromTheSpecAndTheSameRunGivesTheSameTrace(String batching) {
        for (long seed = 1; seed <= 6; seed++) {
            List<Request> w = workload(seed, 40);
            List<TraceEvent> events = run(batching, Map.of(), w);
            assertThat(end(events).violations()).as("seed %d", seed).isZero();
            assertThat(run(batching, Map.of(), w)).as("seed %d: deterministic", seed).isEqualTo(events);
            new Replay().check(events, "seed " + seed + " " + batching);
        }
    }

    /** Three clients with uneven rates and lengths; prompts share nothing. */
    static List<Request> workload(long seed, int n) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        List<Request> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(6) < 3 ? 0 : rng.nextInt(6) < 4 ? 1 : 2;
            out.add(new Request(i, "c" + c, t, Prompt.single(seed * 1000 + i, 16 + rng.nextInt(200)),
                    1 + rng.nextInt(120)));
            t += rng.nextLong(40_000);
        }
        return out;
    }

    static List<TraceEvent> run(String batching, Map<String, String> options, List<Request> w) {
        EngineConfig config = SMALL.withTokenBudget(batching.equals("sarathi") ? 64 : 512);
        List<TraceEvent> events = new ArrayList<>();
        new Engine(config, Schedulers.create("vtc", batching, options), events::add).run(w, "test", "none");
        return events;
    }

    static long preemptions(List<TraceEvent> events) {
        return events.stream().filter(e -> e instanceof TraceEvent.Step).mapToLong(e -> ((TraceEvent.Step) e).preempted().size()).sum();
    }

    static TraceEvent.End end(List<TraceEvent> events) {
        return (TraceEvent.End) events.get(events.size() - 1);
    }

    /**
     * FAIRNESS.md section 2.2 read from the trace alone (defaults: paper lift, prices 1 and 2, unit weights): every
     * step's witness equals the recomputed counters, and every admission is the head of a least-counter waiting
     * client (lowest index among equals) after re-ranking on the admissions before it.
     */
    static final class Replay {
        final List<String> clients = new ArrayList<>();
        final Map<String, Long> c = new HashMap<>();
        final Map<String, TreeSet<Request>> queue = new HashMap<>();
        final Map<Long, Request> byId = new HashMap<>();
        final Map<Long, Request> running = new HashMap<>();
        String lastLeft;

        void check(List<TraceEvent> events, String label) {
            for (TraceEvent e : events) {
                if (e instanceof TraceEvent.Arrival a) {
                    Request r = a.request();
                    byId.put(r.id(), r);
                    if (!c.containsKey(r.client())) {
                        clients.add(r.client());
                        c.put(r.client(), 0L);
                        queue.put(r.client(), new TreeSet<>(Request::byArrival));
                    }
                    enqueue(r);
                } else if (e instanceof TraceEvent.Step s) {
                    for (String f : clients) {
                        assertThat(s.witness().get("vtc.c." + f)).as("%s step %d %s", label, s.index(), f).isEqualTo(c.get(f));
                    }
                    if (!s.rejected()) step(s, label);
                }
            }
        }

        void step(TraceEvent.Step s, String label) {
            for (long id : s.preempted()) enqueue(running.remove(id));
            Map<String, Long> scratch = new HashMap<>(c);
            Map<String, Integer> taken = new HashMap<>();
            for (Slice x : s.slices()) {
                Request r = byId.get(x.requestId());
                if (running.containsKey(r.id())) continue;
                String least = null;
                for (String f : clients) {
                    boolean waits = queue.get(f).size() > taken.getOrDefault(f, 0);
                    if (waits && (least == null || scratch.get(f) < scratch.get(least))) least = f;
                }
                Request head = queue.get(least).stream().skip(taken.getOrDefault(least, 0)).findFirst().orElseThrow();
                assertThat(r).as("%s step %d: admission", label, s.index()).isEqualTo(head);
                taken.merge(least, 1, Integer::sum);
                scratch.merge(least, VtcEffectTest.prompt(r, x), Long::sum);
            }
            for (Slice x : s.slices()) {
                Request r = byId.get(x.requestId());
                if (queue.get(r.client()).remove(r)) {
                    if (queue.get(r.client()).isEmpty()) lastLeft = r.client();
                    running.put(r.id(), r);
                }
                c.merge(r.client(), VtcEffectTest.prompt(r, x), Long::sum);
            }
            for (TraceEvent.Emit x : s.emitted()) c.merge(byId.get(x.requestId()).client(), 2L, Long::sum);
            for (long id : s.finished()) running.remove(id);
        }

        void enqueue(Request r) {
            TreeSet<Request> q = queue.get(r.client());
            q.add(r);
            if (q.size() > 1) return;
            String ref = null;
            for (String f : clients) {
                if (!f.equals(r.client()) && !queue.get(f).isEmpty() && (ref == null || c.get(f) < c.get(ref))) ref = f;
            }
            if (ref == null) ref = lastLeft;
            if (ref != null) c.put(r.client(), Math.max(c.get(r.client()), c.get(ref)));
        }
    }
}
