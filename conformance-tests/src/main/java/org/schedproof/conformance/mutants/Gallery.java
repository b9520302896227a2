package org.schedproof.conformance.mutants;

import static org.schedproof.conformance.mutants.BatchSurgery.decodes;
import static org.schedproof.conformance.mutants.BatchSurgery.editFirst;
import static org.schedproof.conformance.mutants.BatchSurgery.editLast;
import static org.schedproof.conformance.mutants.BatchSurgery.isAdmission;
import static org.schedproof.conformance.mutants.BatchSurgery.isDecode;
import static org.schedproof.conformance.mutants.BatchSurgery.isOngoingPrefill;
import static org.schedproof.conformance.mutants.BatchSurgery.lengthened;
import static org.schedproof.conformance.mutants.BatchSurgery.pending;
import static org.schedproof.conformance.mutants.BatchSurgery.running;
import static org.schedproof.conformance.mutants.BatchSurgery.withPreemption;
import static org.schedproof.conformance.mutants.BatchSurgery.withSlice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.Schedulers;
import org.schedproof.engine.alise.Alise;
import org.schedproof.engine.batching.BatchFormer;
import org.schedproof.engine.batching.PrefillFirst;
import org.schedproof.engine.batching.StallFree;
import org.schedproof.engine.ltr.Ltr;
import org.schedproof.engine.policy.Lpm;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.engine.policy.Vtc;
import org.schedproof.engine.predict.LengthPredictor;
import org.schedproof.spec.Batch;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;
import org.schedproof.spec.sched.EngineView;
import org.schedproof.spec.sched.RequestView;
import org.schedproof.spec.sched.Scheduler;
import org.schedproof.spec.sched.StepOutcome;

/**
 * The mutant gallery: reference schedulers each broken by one bug of the kind serving systems' issue trackers report
 * (research/USER-ASKS.md). Each one corrupts a single decision of a reference scheduler and keeps its name and
 * parameters, so the checkers judge it as what it claims to be. A new mutant is one entry here;
 * {@link MutantGalleryTest} shows that some checker catches it and keeps invariants/README.md's table.
 */
public final class Gallery {
    private Gallery() {}

    /** The mutant named {@code name}; an unknown name is an error listing the known ones. */
    public static Mutant byName(String name) {
        List<Mutant> all = all();
        return all.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mutant '" + name + "'; known: "
                        + all.stream().map(Mutant::name).toList()));
    }

    /** Every mutant of the gallery, in the order of invariants/README.md's table. */
    public static List<Mutant> all() {
        List<Mutant> m = new ArrayList<>();
        // ---- batching: Sarathi's stall-free rules ----
        m.add(new Mutant("decode-skipped", "a running decode is left out of the batch one step in seven",
                () -> Corrupted.batch(sarathi(), (v, b) -> v.stepIndex() % 7 != 3 ? b
                        : editFirst(b, s -> isDecode(v, s), s -> null))));
        m.add(new Mutant("decodes-stall-on-admission",
                "claims stall-free batching but leaves the decodes out of every step that admits a request",
                () -> Corrupted.batch(sarathi(), (v, b) -> {
                    if (b.slices().stream().noneMatch(s -> isAdmission(v, s))) return b;
                    List<Slice> kept = new ArrayList<>(b.slices());
                    kept.removeIf(s -> isDecode(v, s));
                    return new Batch(b.preemptions(), kept);
                })));
        m.add(new Mutant("newcomer-before-ongoing-prefill",
                "a new request gets tokens while an ongoing chunked prefill is cut one token short",
                () -> Corrupted.batch(sarathi(), (v, b) -> b.slices().stream().noneMatch(s -> isAdmission(v, s)) ? b
                        : editFirst(b, s -> isOngoingPrefill(v, s) && s.length() >= 2, s -> lengthened(s, -1)))));
        // ---- safety: token budget ----
        m.add(new Mutant("chunk-over-budget", "a prefill chunk one token over the token budget",
                () -> Corrupted.batch(sarathi(), (v, b) -> b.tokens() != v.config().tokenBudget() ? b
                        : editLast(b, s -> !isDecode(v, s) && s.length() < pending(v, s), s -> lengthened(s, 1)))));
        m.add(new Mutant("budget-ignores-decodes", "prefill chunks get the whole budget, as if decodes took none",
                () -> Corrupted.batch(sarathi(), (v, b) -> {
                    int d = decodes(v, b);
                    return d == 0 ? b : editLast(b, s -> !isDecode(v, s) && s.length() < pending(v, s),
                            s -> lengthened(s, Math.min(d, pending(v, s) - s.length())));
                })));
        // ---- safety: causality ----
        m.add(new Mutant("two-slices-for-one-request", "a prefill chunk split into two slices of one batch",
                () -> Corrupted.batch(sarathi(), (v, b) -> {
                    for (Slice s : b.slices()) {
                        if (s.length() < 2) continue;
                        int half = s.length() / 2;
                        Batch cut = editFirst(b, x -> x == s, x -> new Slice(x.requestId(), x.start(), half));
                        return withSlice(cut, new Slice(s.requestId(), s.start() + half, s.length() - half));
                    }
                    return b;
                })));
        m.add(new Mutant("last-chunk-overruns", "the chunk that completes a prompt runs one position past it",
                () -> Corrupted.batch(sarathi(), (v, b) -> editFirst(b,
                        s -> !isDecode(v, s) && s.length() == pending(v, s), s -> lengthened(s, 1)))));
        m.add(new Mutant("ignores-prefix-hit", "a request is admitted at position 0 although the cache supplies a prefix",
                () -> Corrupted.batch(sarathi(), (v, b) -> editFirst(b, s -> isAdmission(v, s) && s.start() > 0,
                        s -> new Slice(s.requestId(), 0, s.length())))));
        m.add(new Mutant("decode-recomputes-from-zero", "a decode recomputes its whole sequence without preempting",
                () -> Corrupted.batch(sarathi(), (v, b) -> v.stepIndex() % 5 != 2 ? b
                        : editFirst(b, s -> isDecode(v, s), s -> new Slice(s.requestId(), 0, s.start() + 1)))));
        m.add(new Mutant("schedules-future-request", "a request is scheduled before it arrives (off-by-one id)",
                () -> {
                    long[] lastArrived = {-1};
                    return new Corrupted(sarathi(), (v, ref) -> {
                        Batch b = ref.schedule(v);
                        return v.stepIndex() % 13 != 4 ? b : withSlice(b, new Slice(lastArrived[0] + 1, 0, 1));
                    }) {
                        @Override
                        public void onArrival(Request r, long nowUs) {
                            super.onArrival(r, nowUs);
                            lastArrived[0] = Math.max(lastArrived[0], r.id());
                        }
                    };
                }));
        m.add(new Mutant("schedules-finished-request", "a finished request's stale entry is scheduled again",
                () -> {
                    long[] lastFinished = {-1};
                    return new Corrupted(sarathi(), (v, ref) -> {
                        Batch b = ref.schedule(v);
                        return v.stepIndex() % 13 != 4 || lastFinished[0] < 0 ? b
                                : withSlice(b, new Slice(lastFinished[0], 0, 1));
                    }) {
                        @Override
                        public void onStepEnd(StepOutcome o) {
                            super.onStepEnd(o);
                            if (!o.finished().isEmpty()) lastFinished[0] = o.finished().get(0);
                        }
                    };
                }));
        // ---- safety: preemption ----
        m.add(new Mutant("preempted-and-scheduled", "a preemption victim keeps its slice in the same step",
                () -> Corrupted.batch(sarathi(), (v, b) -> {
                    if (b.preemptions().isEmpty()) return b;
                    RequestView victim = running(v, b.preemptions().get(0));
                    return withSlice(b, new Slice(victim.id(), victim.computed(), 1));
                })));
        m.add(new Mutant("block-freed-twice", "a victim is preempted twice in one step, freeing its blocks twice",
                () -> Corrupted.batch(sarathi(), (v, b) -> b.preemptions().isEmpty() ? b
                        : withPreemption(b, b.preemptions().get(0)))));
        m.add(new Mutant("preempts-waiting-request", "a request holding no KV is listed as a preemption victim",
                () -> Corrupted.batch(sarathi(), (v, b) -> v.stepIndex() % 11 != 5 || v.waiting().isEmpty() ? b
                        : withPreemption(b, v.waiting().get(0).id()))));
        m.add(new Mutant("restarts-where-it-left-off", "a preempted request resumes at its old position, its KV gone",
                () -> {
                    Map<Long, Integer> leftAt = new HashMap<>();
                    return Corrupted.batch(sarathi(), (v, b) -> {
                        for (long id : b.preemptions()) leftAt.put(id, running(v, id).computed());
                        return editFirst(b, s -> isAdmission(v, s) && leftAt.getOrDefault(s.requestId(), 0) > s.start(),
                                s -> {
                                    int at = leftAt.get(s.requestId());
                                    return new Slice(s.requestId(), at, Math.max(1, s.end() - at));
                                });
                    });
                }));
        // ---- safety: limits read wrong ----
        m.add(new Mutant("max-running-off-by-one", "admits while running == maxRunning (reads the cap as cap + 1)",
                () -> Corrupted.misreading(sarathi(), c -> c.withMaxRunning(c.maxRunning() + 1))));
        m.add(new Mutant("watermark-ignored", "admits into the blocks kept free by the watermark (reads it as 0)",
                () -> Corrupted.misreading(sarathi(), c -> c.withWatermark(0))));
        m.add(new Mutant("admits-after-preempting", "admits the waiting head in a step that preempted for memory",
                () -> Corrupted.batch(sarathi(), (v, b) -> b.preemptions().isEmpty() || v.waiting().isEmpty() ? b
                        : withSlice(b, new Slice(v.waiting().get(0).id(), v.cachedPrefixTokens(v.waiting().get(0).id()),
                                1)))));
        m.add(new Mutant("preempts-from-the-head", "preemption victims taken from the head of the running order",
                () -> Corrupted.batch(sarathi(), (v, b) -> {
                    int k = b.preemptions().size();
                    if (k == 0 || k >= v.running().size()) return b;
                    List<Long> victims = new ArrayList<>();
                    for (int i = 0; i < k; i++) victims.add(v.running().get(i).id());
                    List<Slice> slices = new ArrayList<>(b.slices());
                    slices.removeIf(s -> victims.contains(s.requestId()));
                    for (long spared : b.preemptions()) {
                        RequestView r = running(v, spared);
                        if (!victims.contains(spared) && r.isDecode()) slices.add(new Slice(spared, r.computed(), 1));
                    }
                    return new Batch(victims, slices);
                })));
        m.add(new Mutant("needless-preemption", "the tail request is preempted every ninth step, memory short or not",
                () -> Corrupted.batch(sarathi(), (v, b) -> {
                    if (v.stepIndex() % 9 != 4 || v.running().size() < 2 || !b.preemptions().isEmpty()) return b;
                    long tail = v.running().get(v.running().size() - 1).id();
                    List<Slice> slices = new ArrayList<>(b.slices());
                    slices.removeIf(s -> s.requestId() == tail || isAdmission(v, s));
                    return new Batch(List.of(tail), slices);
                })));
        // ---- liveness ----
        m.add(new Mutant("request-never-finishes", "request 5 is silently dropped from every batch",
                () -> Corrupted.batch(sarathi(), (v, b) -> {
                    List<Slice> kept = new ArrayList<>(b.slices());
                    kept.removeIf(s -> s.requestId() == 5);
                    return new Batch(b.preemptions(), kept);
                })));
        m.add(new Mutant("crashes-on-empty-queue", "the scheduler throws once the waiting queue runs empty",
                () -> new Corrupted(sarathi(), (v, ref) -> {
                    if (v.stepIndex() >= 10 && v.waiting().isEmpty()) throw new IllegalStateException("queue empty");
                    return ref.schedule(v);
                })));
        // ---- ordering: FCFS ----
        m.add(new Mutant("newest-first", "the waiting queue is popped from the wrong end",
                () -> new StallFree(new Fcfs() {
                    @Override
                    public Pass pass(EngineView v) {
                        List<RequestView> order = new ArrayList<>(v.waiting());
                        java.util.Collections.reverse(order);
                        return Ordering.inOrder(order);
                    }
                })));
        m.add(new Mutant("preempted-loses-its-place", "a preempted request goes to the back of the queue",
                () -> new StallFree(new Fcfs() {
                    @Override
                    public Pass pass(EngineView v) {
                        return Ordering.sorted(v.waiting(), Comparator.comparing(r -> r.preemptions() > 0));
                    }
                })));
        m.add(new Mutant("no-head-of-line-stop", "a request too long for the budget left is skipped, a later one admitted",
                () -> new PrefillFirst(new Fcfs() {
                    @Override
                    public Pass pass(EngineView v) {
                        var it = v.waiting().iterator();
                        int[] used = {0};
                        return new Pass() {
                            @Override
                            public RequestView next() {
                                while (it.hasNext()) {
                                    RequestView r = it.next();
                                    int need = r.sequenceLength() - v.cachedPrefixTokens(r.id());
                                    if (used[0] + need <= v.config().tokenBudget()) return r;
                                }
                                return null;
                            }

                            @Override
                            public void admitted(RequestView r, int hit, int tokens) {
                                used[0] += tokens;
                            }
                        };
                    }
                })));
        // ---- batching: the head-of-line stop (BATCH-HOL) ----
        m.add(new Mutant("walks-past-the-running-cap",
                "the admission loop goes on offering at the running cap (continue for break): no head-of-line stop",
                () -> new BatchFormer(new Fcfs()) {
                    @Override
                    protected String formerName() {
                        return "prefill-first";
                    }

                    @Override
                    public Batch schedule(EngineView v) {
                        long avail = (long) v.freeBlocks() + v.evictableBlocks();
                        List<Slice> slices = new ArrayList<>();
                        Ordering.Pass pass = pass(v);
                        int running = v.running().size();
                        long tokens = 0;
                        for (RequestView w; (w = pass.next()) != null; ) {
                            if (running >= v.config().maxRunning()) continue; // the bug: break
                            int hit = v.cachedPrefixTokens(w.id());
                            int need = w.sequenceLength() - hit;
                            long take = admissionBlocks(v, w, hit);
                            if (tokens + need > v.config().tokenBudget() || avail - take < v.config().watermarkBlocks()) {
                                break;
                            }
                            avail -= take;
                            slices.add(new Slice(w.id(), hit, need));
                            pass.admitted(w, hit, need);
                            tokens += need;
                            running++;
                        }
                        if (!slices.isEmpty()) return Batch.of(slices);
                        List<Long> preempted = new ArrayList<>();
                        runAllRunning(v, avail, v.config().tokenBudget(), slices, preempted);
                        return new Batch(preempted, slices);
                    }
                }));
        m.add(new Mutant("admission-dropped", "the batch loses the last admission its pass made, one step in seven",
                () -> Corrupted.batch(sarathi(), (v, b) -> v.stepIndex() % 7 != 3 ? b
                        : editLast(b, s -> isAdmission(v, s), s -> null))));
        // ---- fairness: VTC ----
        m.add(new Mutant("vtc-serves-most-served", "VTC whose every fifth pick is the most-served waiting client",
                () -> {
                    int[] picks = {0};
                    Vtc.ClientRanking ranking = (c, w, n) -> {
                        int best = -1;
                        boolean most = ++picks[0] % 5 == 0;
                        for (int k = 0; k < n; k++) {
                            if (w[k] > 0 && (best == -1 || (most ? c[k] > c[best] : c[k] < c[best]))) best = k;
                        }
                        return best;
                    };
                    return new StallFree(Vtc.vtc(new PolicyOptions("vtc", Map.of()), ranking));
                }));
        m.add(new Mutant("vtc-without-lift", "VTC that never lifts a returning client's counter (LCF under VTC's name)",
                () -> Corrupted.impostor(vtc(Map.of()), vtc(Map.of("lift", "none")))));
        m.add(new Mutant("vtc-double-charge", "VTC that charges every token twice in steps where a request finishes",
                () -> Corrupted.impostor(vtc(Map.of()), vtc(Map.of("output-charge", "artifact")))));
        m.add(new Mutant("vtc-ignores-weights", "VTC that treats every client as weight 1 although weights are set",
                () -> Corrupted.impostor(vtc(Map.of("weights", "client-0:3")), vtc(Map.of()))));
        m.add(new Mutant("vtc-admissions-reversed", "VTC whose admissions of one pass come out in reverse order",
                () -> Corrupted.batch(vtc(Map.of()), (v, b) -> {
                    List<Slice> admitted = new ArrayList<>();
                    List<Slice> rest = new ArrayList<>();
                    for (Slice s : b.slices()) (isAdmission(v, s) ? admitted : rest).add(s);
                    java.util.Collections.reverse(admitted);
                    rest.addAll(admitted);
                    return new Batch(b.preemptions(), rest);
                })));
        // ---- fairness with locality: LPM and DLPM ----
        m.add(new Mutant("lpm-in-arrival-order", "LPM that forgets the prefix cache and admits in arrival order",
                () -> Corrupted.impostor(Schedulers.create("lpm", "sarathi"), sarathi())));
        m.add(new Mutant("lpm-skips-the-longest-prefix",
                "LPM whose pass starts one past its head: the longest cached prefix is offered last",
                () -> new StallFree(new HeadLast(new Lpm(PolicyOptions.none("lpm"))))));
        m.add(new Mutant("dlpm-charges-cached-tokens", "DLPM that charges the prompt positions the cache supplied",
                () -> Corrupted.impostor(dlpm(Map.of()), dlpm(Map.of("charge", "full-prompt")))));
        m.add(new Mutant("dlpm-ignores-deficits", "DLPM whose passes ignore the deficits: plain LPM under DLPM's name",
                () -> Corrupted.impostor(dlpm(Map.of()), Schedulers.create("lpm", "sarathi"))));
        m.add(new Mutant("dlpm-double-quantum", "DLPM that refills two quanta where the header names one",
                () -> Corrupted.impostor(dlpm(Map.of()), dlpm(Map.of("quantum", "4096")))));
        m.add(new Mutant("dlpm-forgives-debt", "DLPM that resets a returning client's debt to 0 (refills it early)",
                () -> Corrupted.impostor(dlpm(Map.of()), dlpm(Map.of("on-return", "reset")))));
        // ---- liveness: learning to rank's starvation control ----
        m.add(new Mutant("ltr-promotes-one-late", "LTR promotes a starving request after S + 1 idle iterations, not S",
                () -> Corrupted.impostor(ltr("20"), ltr("21"))));
        // ---- ordering by predicted length: learning to rank and ALISE ----
        m.add(new Mutant("ltr-longest-first", "LTR whose comparator is reversed: the longest predicted output runs first",
                () -> twoFaced(ltr(Alise.oracle()), ltr(reversed(Alise.oracle())))));
        m.add(new Mutant("alise-longest-first", "ALISE that ranks the longest estimated remaining time first",
                () -> twoFaced(alise(Alise.oracle()), alise(reversed(Alise.oracle())))));
        m.add(new Mutant("alise-ignores-shorter-arrival",
                "ALISE that looks at its waiting queue only when nothing runs: a shorter arrival waits for longer jobs",
                () -> new Corrupted(alise(Alise.oracle()), (v, ref) -> ref.schedule(new QueueHiddenView(v)))));
        return m;
    }

    /**
     * Decides as {@code actual} but writes the header and witness of {@code shown} (which sees every arrival and
     * outcome too): a port whose order disagrees with the predictions it reports.
     */
    static Scheduler twoFaced(Scheduler shown, Scheduler actual) {
        return new Corrupted(actual, (v, ref) -> ref.schedule(v)) {
            @Override
            public Map<String, String> parameters() {
                return shown.parameters();
            }

            @Override
            public void onArrival(Request request, long nowUs) {
                super.onArrival(request, nowUs);
                shown.onArrival(request, nowUs);
            }

            @Override
            public void onStepEnd(StepOutcome outcome) {
                super.onStepEnd(outcome);
                shown.onStepEnd(outcome);
            }

            @Override
            public Map<String, Long> witness() {
                return shown.witness();
            }
        };
    }

    /**
     * Predicts long where {@code p} predicts short and the other way round, within 1..64 (the generated workloads'
     * outputs), so that the predictions stay as small as the true ones and LTR's admission still fits them.
     */
    static LengthPredictor reversed(LengthPredictor p) {
        return new LengthPredictor() {
            @Override
            public String name() {
                return p.name();
            }

            @Override
            public int predict(Request request) {
                return 65 - Math.min(64, p.predict(request));
            }
        };
    }

    static Scheduler ltr(LengthPredictor p) {
        return new Ltr(p, Ltr.Starvation.OFF, Ltr.DEFAULT_THRESHOLD, Ltr.DEFAULT_QUANTUM, Ltr.Admission.FIT);
    }

    static Scheduler alise(LengthPredictor p) {
        return new Alise(p, Alise.Overrun.CLAMP, Alise.Swap.OFFLOAD, 50_000);
    }

    /** LTR with starvation control at threshold {@code s} (small, so the gallery's short runs reach it). */
    static Scheduler ltr(String s) {
        return Schedulers.create("ltr", "sarathi", Map.of("starvation", "on", "threshold", s, "quantum", "4"));
    }

    static Scheduler dlpm(Map<String, String> options) {
        return Schedulers.create("dlpm", "sarathi", options);
    }

    static Scheduler vtc(Map<String, String> options) {
        return Schedulers.create("vtc", "sarathi", options);
    }

    static Scheduler sarathi() {
        return Schedulers.create("fcfs", "sarathi");
    }

    /** FCFS by another class, so a mutant can override its pass and still be named {@code fcfs}. */
    private static class Fcfs implements Ordering {
        @Override
        public String name() {
            return "fcfs";
        }

        @Override
        public Pass pass(EngineView view) {
            return Ordering.inOrder(view.waiting());
        }
    }

    /** An ordering under its own name whose pass offers the head of its order last (an off-by-one cursor). */
    private record HeadLast(Ordering ordering) implements Ordering {
        @Override
        public String name() {
            return ordering.name();
        }

        @Override
        public Map<String, String> parameters() {
            return ordering.parameters();
        }

        @Override
        public Pass pass(EngineView view) {
            Pass pass = ordering.pass(view);
            RequestView[] head = {pass.next()};
            return () -> {
                RequestView r = pass.next();
                if (r != null) return r;
                r = head[0];
                head[0] = null;
                return r;
            };
        }
    }
}
