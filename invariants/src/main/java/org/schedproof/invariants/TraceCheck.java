package org.schedproof.invariants;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.schedproof.spec.trace.Handoff;
import org.schedproof.spec.trace.TraceEvent;
import org.schedproof.spec.trace.TraceReader;

/**
 * Runs checkers over one trace in a single streaming pass. {@link #run(Path)} reads the file with
 * {@link TraceReader}, which enforces the format rules of spec/TRACE.md first (a malformed trace is a
 * {@code TraceFormatException}, never a verdict).
 */
public final class TraceCheck {
    private TraceCheck() {}

    /** The verdict of every checker, plus what the engine itself recorded. */
    public record Report(List<CheckResult> results, long steps, long rejectedSteps, long engineViolations) {
        public Report {
            results = List.copyOf(results);
        }

        /** No applicable checker failed. */
        public boolean passed() {
            return results.stream().noneMatch(r -> r.status() == CheckResult.Status.FAIL);
        }

        public CheckResult get(String id) {
            return results.stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no result for " + id));
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (CheckResult r : results) b.append(r).append('\n');
            b.append(steps).append(" steps, ").append(rejectedSteps).append(" rejected, ").append(engineViolations)
                    .append(" violations recorded by the engine\n");
            return b.toString();
        }
    }

    /** Reads and checks a trace file (gzip or plain) with every registered checker. */
    public static Report run(Path trace) throws IOException {
        return run(trace, null);
    }

    /**
     * Reads and checks a trace file as a trace of ordering policy {@code policy} (e.g. {@code vtc}; null: the
     * header's), so that policy's checkers judge it whatever its header claims. Its parameters are still the header's.
     */
    public static Report run(Path trace, String policy) throws IOException {
        try (TraceReader reader = TraceReader.open(trace); Background checking = new Background(Checkers.all())) {
            for (TraceEvent e : asPolicy(() -> reader, policy)) checking.accept(e);
            return checking.report();
        }
    }

    /** The events with the header's policy replaced by {@code policy} (its batch former kept), or as they are. */
    public static Iterable<TraceEvent> asPolicy(Iterable<TraceEvent> events, String policy) {
        if (policy == null) return events;
        return () -> new Iterator<>() {
            private final Iterator<TraceEvent> it = events.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public TraceEvent next() {
                TraceEvent e = it.next();
                if (!(e instanceof TraceEvent.Header h)) return e;
                int slash = h.policy().indexOf('/');
                String named = slash < 0 ? policy : policy + h.policy().substring(slash);
                return new TraceEvent.Header(h.schema(), h.engine(), named, h.parameters(), h.workload(), h.requests(),
                        h.workloadDigest());
            }
        };
    }

    /** Checks the events with every registered checker. */
    public static Report run(Iterable<TraceEvent> events) {
        return run(events, Checkers.all());
    }

    /** Checks the events with the given fresh checkers. */
    public static Report run(Iterable<TraceEvent> events, List<Checker> checkers) {
        Online online = new Online(checkers);
        for (TraceEvent e : events) online.accept(e);
        return online.report();
    }

    /** Every registered checker, fed as events are produced (no file round-trip): give it to an engine as its sink. */
    public static Online online() {
        return new Online(Checkers.all());
    }

    /**
     * Checks events on threads of their own while the caller produces them (reads a file, runs an engine): the
     * caller's {@link #accept} only hands events over, in batches, and {@link #report()} waits for the checkers. One
     * thread applies the shared replay and runs the checkers that read its state; the checkers that read only the
     * events and the replay's facts run on a second one, fed the same facts, but for the costliest
     * ({@code SAFE-KV-EXACT}), which has a third (AbstractChecker.Lane). Every checker sees the same events in the same
     * order on one thread as with {@link Online}, so the report is the same. Close it (try-with-resources) so that an
     * abandoned run stops its threads.
     */
    public static final class Background implements Consumer<TraceEvent>, AutoCloseable {
        private final Online online;
        private final Handoff<TraceEvent> first;
        private final List<Handoff<Judged>> relays = new ArrayList<>();

        /** A step with its facts (null for other events), handed to the other threads. */
        private record Judged(TraceEvent event, Replay.StepFacts facts) {}

        /** Feeds one lane's checkers, those that apply once the header is known. */
        private static final class Relayed implements Consumer<Judged> {
            private AbstractChecker[] applying;

            Relayed(List<AbstractChecker> lane) {
                applying = lane.toArray(new AbstractChecker[0]);
            }

            @Override
            public void accept(Judged j) {
                for (AbstractChecker c : applying) c.accept(j.event(), j.facts());
                if (j.event() instanceof TraceEvent.Header) {
                    applying = java.util.Arrays.stream(applying).filter(AbstractChecker::applicable)
                            .toArray(AbstractChecker[]::new);
                }
            }
        }

        public Background(List<Checker> checkers) {
            List<AbstractChecker> facts = new ArrayList<>();
            List<List<AbstractChecker>> lanes = new ArrayList<>();
            for (Checker c : checkers) {
                if (!(c instanceof AbstractChecker a)) continue;
                if (a.lane() == AbstractChecker.Lane.OWN) lanes.add(List.of(a));
                else if (a.lane() == AbstractChecker.Lane.FACTS) facts.add(a);
            }
            if (!facts.isEmpty()) lanes.add(facts);
            List<AbstractChecker> relayed = new ArrayList<>();
            for (List<AbstractChecker> lane : lanes) {
                relayed.addAll(lane);
                relays.add(new Handoff<>("schedproof-check-" + (relays.size() + 2), new Relayed(lane), null));
            }
            if (relays.isEmpty()) {
                online = new Online(checkers, false, List.of(), null);
            } else {
                online = new Online(checkers, false, relayed, (e, f) -> {
                    Judged j = new Judged(e, f);
                    for (int k = 0; k < relays.size(); k++) relays.get(k).accept(j); // no iterator per event
                });
                for (AbstractChecker c : relayed) c.detach(); // shared for its facts, never read on its thread
            }
            first = new Handoff<>("schedproof-check", online, relays.isEmpty() ? null : () -> {
                for (Handoff<Judged> relay : relays) relay.finish();
            });
        }

        /** Every registered checker. */
        public Background() {
            this(Checkers.all());
        }

        @Override
        public void accept(TraceEvent e) {
            first.accept(e);
        }

        /** Waits for the checkers to judge every event handed over, then their verdicts (see {@link Online#report()}). */
        public Report report() {
            first.finish();
            return online.report();
        }

        /** Stops the checker threads if the run was abandoned before its report. */
        @Override
        public void close() {
            first.close();
            for (Handoff<Judged> relay : relays) relay.close();
        }
    }

    /**
     * Checks events as they are produced: feed every event of one trace in order, header first, then read
     * {@link #report()}. The online twin of {@link #run(Iterable, List)}; both give the same report. The checkers
     * that read a {@link Replay} share one, applied once per event before they see it.
     */
    public static final class Online implements Consumer<TraceEvent> {
        private final List<Checker> checkers;
        private Checker[] active;
        /** Per active checker: it reads the shared replay's facts. */
        private boolean[] sharing;
        /** Per active checker: it is fed on another thread, through {@link #relay}. */
        private boolean[] relayed;
        private final java.util.function.BiConsumer<TraceEvent, Replay.StepFacts> relay;
        private Replay replay;
        /** Nanoseconds inside each checker (by position in {@link #checkers}), then the replay; null: not timed. */
        private final long[] nanos;
        private int[] slot;
        private long steps;
        private long rejected;
        private long engineViolations;
        private boolean sawHeader;

        public Online(List<Checker> checkers) {
            this(checkers, false);
        }

        /** With {@code timed}, {@link #nanos()} tells the time spent in each checker and in the shared replay. */
        Online(List<Checker> checkers, boolean timed) {
            this(checkers, timed, List.of(), null);
        }

        /**
         * As {@link #Online(List, boolean)}, but the checkers in {@code relayed} are not fed here:
         * every event and its facts go to {@code relay} instead, which feeds them (on another thread).
         */
        Online(List<Checker> checkers, boolean timed, List<? extends Checker> relayed,
               java.util.function.BiConsumer<TraceEvent, Replay.StepFacts> relay) {
            this.checkers = List.copyOf(checkers);
            this.relay = relay;
            for (Checker c : this.checkers) {
                if (c instanceof AbstractChecker a && a.ownReplay() != null) {
                    Replay own = a.ownReplay();
                    replay = (replay == null ? own : replay).union(own);
                }
            }
            int n = this.checkers.size();
            active = this.checkers.toArray(new Checker[0]);
            sharing = new boolean[n];
            this.relayed = new boolean[n];
            slot = new int[n];
            for (int i = 0; i < n; i++) {
                slot[i] = i;
                this.relayed[i] = relayed.contains(active[i]);
                if (active[i] instanceof AbstractChecker a && a.ownReplay() != null) {
                    a.share(replay);
                    sharing[i] = true;
                }
            }
            nanos = timed ? new long[n + 1] : null;
        }

        @Override
        public void accept(TraceEvent e) {
            Replay.StepFacts facts = null;
            if (e instanceof TraceEvent.Step s) {
                steps++;
                if (s.rejected()) rejected++;
                engineViolations += s.violations().size();
            }
            if (replay != null) {
                long t = nanos == null ? 0 : System.nanoTime();
                if (e instanceof TraceEvent.Header h) replay.header(h);
                else if (e instanceof TraceEvent.Arrival a) replay.arrive(a);
                else if (e instanceof TraceEvent.Step s) facts = replay.apply(s);
                if (nanos != null) nanos[nanos.length - 1] += System.nanoTime() - t;
            }
            Checker[] cs = active;
            for (int i = 0; i < cs.length; i++) {
                if (relayed[i]) continue;
                long t = nanos == null ? 0 : System.nanoTime();
                if (sharing[i]) ((AbstractChecker) cs[i]).accept(e, facts);
                else cs[i].accept(e);
                if (nanos != null) nanos[slot[i]] += System.nanoTime() - t;
            }
            if (relay != null) relay.accept(e, facts);
            // The header decides which rules apply: the others need not see the rest of the trace.
            if (e instanceof TraceEvent.Header) {
                sawHeader = true;
                keepApplicable();
            }
        }

        private void keepApplicable() {
            int n = 0;
            boolean anySharing = false;
            for (int i = 0; i < active.length; i++) {
                // a relayed checker is fed on another thread from now on, which judges its header: only its facts
                // are needed here
                if (relayed[i]) {
                    anySharing |= sharing[i];
                    continue;
                }
                if (!active[i].applicable()) continue;
                active[n] = active[i];
                sharing[n] = sharing[i];
                relayed[n] = relayed[i];
                slot[n] = slot[i];
                anySharing |= sharing[i];
                n++;
            }
            active = java.util.Arrays.copyOf(active, n);
            sharing = java.util.Arrays.copyOf(sharing, n);
            relayed = java.util.Arrays.copyOf(relayed, n);
            slot = java.util.Arrays.copyOf(slot, n);
            if (!anySharing) replay = null;
        }

        /**
         * The verdicts so far (after the end event: of the whole trace). Before any header (no trace was started, e.g.
         * a port that failed its handshake) every checker is {@code NOT_APPLICABLE}: applicability is the header's to say.
         */
        public Report report() {
            List<CheckResult> results = new ArrayList<>(checkers.size());
            for (Checker c : checkers) results.add(sawHeader ? CheckResult.of(c) : CheckResult.notApplicable(c));
            return new Report(results, steps, rejected, engineViolations);
        }

        /** With timing on: nanoseconds inside each checker, by id, then {@code "replay (shared)"}. */
        java.util.Map<String, Long> nanos() {
            java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
            for (int i = 0; i < checkers.size(); i++) out.put(checkers.get(i).id(), nanos[i]);
            out.put("replay (shared)", nanos[nanos.length - 1]);
            return out;
        }
    }
}
