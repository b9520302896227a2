package org.schedproof.spec.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.schedproof.spec.CostProfile;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.ModelSpec;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.Violation;
import org.schedproof.spec.trace.TraceEvent.Arrival;
import org.schedproof.spec.trace.TraceEvent.Completion;
import org.schedproof.spec.trace.TraceEvent.Emit;
import org.schedproof.spec.trace.TraceEvent.End;
import org.schedproof.spec.trace.TraceEvent.Header;
import org.schedproof.spec.trace.TraceEvent.Hit;
import org.schedproof.spec.trace.TraceEvent.Step;

/** Traces for tests: a small hand-built one that uses every field, and seeded random ones from a toy engine. */
public final class SampleTraces {
    private SampleTraces() {}

    public static final CostProfile TOY_COST = new CostProfile("toy", 1_000_000, 10_000, 20_000, 100, 1);

    public static EngineConfig engine(boolean modelOn) {
        return new EngineConfig(64, 4, 32, 8, 2, true, TOY_COST, modelOn ? ModelSpec.tiny(7) : ModelSpec.OFF, 100);
    }

    public static Header header(EngineConfig engine, long requests) {
        return new Header(TraceEvent.SCHEMA, engine, "fcfs/sarathi", Map.of("chunk", "8", "order", "fcfs"),
                "hand-built", requests, "sha256:00ff");
    }

    public static Step step(long index, long start, long duration, List<Long> preempted, List<Slice> slices,
                            List<Hit> hits, List<Emit> emitted, List<Long> finished) {
        return new Step(index, start, duration, preempted, slices, false, hits, 0, emitted, finished, 0, List.of(),
                Map.of());
    }

    /**
     * Every event type and every optional list filled at least once: two clients, a prefix hit, a preemption, a
     * rejected step with a violation, a witness, and a client name that needs escaping.
     */
    public static List<TraceEvent> small() {
        List<TraceEvent> t = new ArrayList<>();
        t.add(header(engine(false), 2));
        t.add(new Arrival(0, new Request(0, "alice", 0, new Prompt(new long[] {11, -3}, new int[] {4, 6}), 2)));
        t.add(new Step(0, 0, 5, List.of(), List.of(new Slice(0, 0, 6)), false, List.of(), 0,
                List.of(new Emit(0, -1)), List.of(), 2, List.of(), Map.of("vtc.alice", 6L, "vtc.bob", 0L)));
        t.add(new Arrival(5, new Request(1, "bob \"b\" \u00e9\u4e2d\u0001", 3, Prompt.single(42, 8), 1)));
        t.add(new Step(1, 5, 0, List.of(0L), List.of(new Slice(1, 4, 9)), true, List.of(), 0, List.of(), List.of(),
                2, List.of(new Violation("budget", 1, 1, "9 tokens > budget 8"),
                        new Violation("kv", 1, Violation.NO_REQUEST, "no room")), Map.of()));
        t.add(new Step(2, 5, 7, List.of(0L), List.of(new Slice(1, 4, 4)), false, List.of(new Hit(1, 4)), 1,
                List.of(new Emit(1, -1)), List.of(1L), 3, List.of(), Map.of()));
        t.add(new Completion(12, 1, 1, 0));
        t.add(new Step(3, 12, 6, List.of(), List.of(new Slice(0, 0, 7)), false, List.of(), 0,
                List.of(new Emit(0, -1)), List.of(0L), 2, List.of(), Map.of()));
        t.add(new Completion(18, 0, 2, 1));
        t.add(new End(End.DONE, 18, 4, 2, 2));
        return t;
    }

    /**
     * A toy engine run: Poisson-ish arrivals from a few clients, FCFS admission with prefix hits, chunked prefill
     * under a token budget, occasional preemption, rejected steps and violations. Valid by construction.
     */
    public static List<TraceEvent> random(long seed, int steps, boolean modelOn) {
        List<TraceEvent> out = new ArrayList<>();
        generate(seed, steps, modelOn, out::add);
        return out;
    }

    /** As {@link #random} but streamed, for traces too large to keep. */
    public static void generate(long seed, int steps, boolean modelOn, java.util.function.Consumer<TraceEvent> sink) {
        SplittableRandom rnd = new SplittableRandom(seed);
        EngineConfig engine = new EngineConfig(4096, 16, 256, 16, 8, true, TOY_COST,
                modelOn ? ModelSpec.tiny(seed) : ModelSpec.OFF, 1000);
        int requests = Math.max(1, steps / 4);
        String[] clients = {"a", "b", "c", "d\u00e9"};
        sink.accept(new Header(TraceEvent.SCHEMA, engine, "toy/random", Map.of("seed", Long.toString(seed)),
                "random", requests, "seed:" + seed));
        long[] arrival = new long[requests];
        long t = 0;
        for (int i = 0; i < requests; i++) {
            t += rnd.nextInt(0, 400);
            arrival[i] = t;
        }
        int nextArrival = 0;
        final class Live {
            Request r;
            int computed;
            int generated;
            int preemptions;
        }
        Deque<Live> waiting = new ArrayDeque<>();
        List<Live> running = new ArrayList<>();
        long now = 0;
        long completed = 0;
        long violations = 0;
        Map<String, Long> counters = new TreeMap<>();
        int step = 0;
        while (step < steps) {
            if (waiting.isEmpty() && running.isEmpty()) {
                if (nextArrival == requests) break;
                now = Math.max(now, arrival[nextArrival]);
            }
            while (nextArrival < requests && arrival[nextArrival] <= now) {
                int i = nextArrival++;
                int segments = rnd.nextInt(1, 4);
                long[] keys = new long[segments];
                for (int s = 0; s < segments; s++) keys[s] = rnd.nextInt(0, 3) == 0 ? s : rnd.nextLong();
                Prompt prompt = Prompt.ofBlocks(keys, 16, 16 * (segments - 1) + rnd.nextInt(1, 17));
                Live l = new Live();
                l.r = new Request(i, clients[rnd.nextInt(clients.length)], arrival[i], prompt, rnd.nextInt(1, 12));
                waiting.add(l);
                sink.accept(new Arrival(now, l.r));
            }
            boolean rejected = rnd.nextInt(100) == 0;
            List<Long> preempted = new ArrayList<>();
            if (!rejected && !running.isEmpty() && rnd.nextInt(50) == 0) {
                Live victim = running.remove(running.size() - 1);
                victim.computed = 0;
                victim.preemptions++;
                waiting.addFirst(victim);
                preempted.add(victim.r.id());
            }
            List<Hit> hits = new ArrayList<>();
            while (!rejected && !waiting.isEmpty() && running.size() < engine.maxRunning()) {
                Live l = waiting.poll();
                int seq = l.r.promptLength() + l.generated;
                int hit = rnd.nextInt(3) == 0 ? (seq - 1) / 16 * 16 : 0;
                if (hit > 0) hits.add(new Hit(l.r.id(), hit));
                l.computed = hit;
                running.add(l);
            }
            List<Violation> vs = new ArrayList<>();
            if (rejected) {
                vs.add(new Violation("budget", step, Violation.NO_REQUEST, "toy rejection " + step));
                if (!running.isEmpty() && rnd.nextBoolean()) vs.add(new Violation("kv", step, running.get(0).r.id(), "toy"));
                violations += vs.size();
            }
            List<Slice> slices = new ArrayList<>();
            List<Emit> emitted = new ArrayList<>();
            List<Long> finished = new ArrayList<>();
            List<Live> done = new ArrayList<>();
            int budget = engine.tokenBudget();
            long tokens = 0;
            for (Live l : running) {
                int pending = l.r.promptLength() + l.generated - l.computed;
                int len = Math.min(pending, Math.max(1, budget));
                if (budget <= 0 && pending > 1) continue;
                budget -= len;
                tokens += len;
                slices.add(new Slice(l.r.id(), l.computed, len));
                if (rejected) continue;
                l.computed += len;
                if (l.computed == l.r.promptLength() + l.generated) {
                    l.generated++;
                    emitted.add(new Emit(l.r.id(), modelOn ? rnd.nextInt(0, 1 << 15) : -1));
                    if (l.generated == l.r.maxNewTokens()) {
                        finished.add(l.r.id());
                        done.add(l);
                    }
                }
            }
            running.removeAll(done);
            counters.merge(clients[step % clients.length], tokens, Long::sum);
            long duration = rejected ? 0 : 1 + tokens * 3 + rnd.nextInt(5);
            sink.accept(new Step(step, now, duration, preempted, slices, rejected, hits,
                    !rejected && rnd.nextInt(3) == 0 ? 2 : 0,
                    emitted, finished, running.size() * 2, vs, step % 3 == 0 ? counters : Map.of()));
            now += duration;
            for (Live l : done) {
                sink.accept(new Completion(now, l.r.id(), l.generated, l.preemptions));
                completed++;
            }
            step++;
        }
        sink.accept(new End(step == steps ? "max-steps" : End.DONE, now, step, completed, violations));
    }
}
