package org.schedproof.spec.trace;

import java.util.List;

/**
 * The sequence rules of spec/TRACE.md (section "Order"), fed one event at a time by both the writer and the reader:
 * header first and only there; step indexes 0, 1, 2, ... without gaps; the trace clock never goes back; the
 * completions of a step follow it directly, in its {@code finished} order, at its end time; emitted tokens are -1
 * exactly when the model is off; the end line comes last and its totals match the body. Memory is O(1) plus the
 * finished list of the latest step.
 */
final class TraceOrder {
    private long events;
    private boolean modelOff;
    private boolean ended;
    private long clock;
    /** What set the clock, for a message: {@link #START}, {@link #ARRIVAL} or the index of the step it ended. */
    private long clockSource = START;
    private static final long START = -1;
    private static final long ARRIVAL = -2;
    private long nextStep;
    private long completions;
    private long violations;
    // The completions still owed by the latest step.
    private List<Long> owed = List.of();
    private int owedNext;
    private long owedStep;
    private long owedTime;

    /** Checks {@code event} as the next line; throws {@link TraceProblem} and leaves the state unchanged if it is not. */
    void accept(TraceEvent event) {
        if (ended) {
            throw new TraceProblem(null, "a line after the end event: the end event must be the last line");
        }
        if (events == 0) {
            if (!(event instanceof TraceEvent.Header h)) {
                throw new TraceProblem("type", "line 1 must be the header, got " + typeOf(event));
            }
            modelOff = h.engine().model().isOff();
            events++;
            return;
        }
        if (event instanceof TraceEvent.Header) {
            throw new TraceProblem("type", "a second header: the header is line 1 and only line 1");
        }
        if (event instanceof TraceEvent.Completion c) {
            completion(c);
            events++;
            return;
        }
        if (owedNext < owed.size()) {
            throw new TraceProblem("type", "step " + owedStep + " finished request " + owed.get(owedNext)
                    + " but its completion line does not follow (got " + typeOf(event) + ")");
        }
        if (event instanceof TraceEvent.Arrival a) {
            notBefore("timeUs", a.timeUs());
            clock = a.timeUs();
            clockSource = ARRIVAL;
        } else if (event instanceof TraceEvent.Step s) {
            step(s);
        } else if (event instanceof TraceEvent.End e) {
            end(e);
        }
        events++;
    }

    private void step(TraceEvent.Step s) {
        if (s.index() != nextStep) {
            throw new TraceProblem("index", nextStep == 0
                    ? "the first step must have index 0, got " + s.index()
                    : "expected step " + nextStep + " after step " + (nextStep - 1) + ", got " + s.index()
                            + (s.index() > nextStep ? ": a step is missing" : ""));
        }
        notBefore("startUs", s.startUs());
        long end;
        try {
            end = Math.addExact(s.startUs(), s.durationUs());
        } catch (ArithmeticException overflow) {
            throw new TraceProblem("durationUs", "startUs + durationUs overflows a 64-bit integer");
        }
        List<TraceEvent.Emit> emitted = s.emitted();
        for (int i = 0; i < emitted.size(); i++) {
            int token = emitted.get(i).token();
            if (modelOff ? token != -1 : token < 0) {
                throw new TraceProblem("emitted[" + i + "][1]", modelOff
                        ? "the model is off (header engine.model.shape 'off'), so tokens are -1, got " + token
                        : "the model is on, so tokens are >= 0, got " + token);
            }
        }
        clock = end;
        clockSource = s.index(); // named only in a message: a string per step would cost every step
        nextStep++;
        violations += s.violations().size();
        owed = s.finished();
        owedNext = 0;
        owedStep = s.index();
        owedTime = end;
    }

    private void completion(TraceEvent.Completion c) {
        if (owedNext >= owed.size()) {
            throw new TraceProblem("requestId", "completion of request " + c.requestId()
                    + " does not follow the step that finished it"
                    + (nextStep == 0 ? " (no step yet)" : " (step " + owedStep + " has no more finished requests)"));
        }
        long expected = owed.get(owedNext);
        if (c.requestId() != expected) {
            throw new TraceProblem("requestId", "step " + owedStep + " finished request " + expected
                    + " next, but this completion is for request " + c.requestId());
        }
        if (c.timeUs() != owedTime) {
            throw new TraceProblem("timeUs", "a completion happens at the end of its step (" + owedTime + "), got "
                    + c.timeUs());
        }
        owedNext++;
        completions++;
    }

    private void end(TraceEvent.End e) {
        notBefore("timeUs", e.timeUs());
        if (e.steps() != nextStep) {
            throw new TraceProblem("steps", "the end line counts " + e.steps() + " steps but the trace has " + nextStep);
        }
        if (e.completed() != completions) {
            throw new TraceProblem("completed", "the end line counts " + e.completed()
                    + " completions but the trace has " + completions);
        }
        if (e.violations() != violations) {
            throw new TraceProblem("violations", "the end line counts " + e.violations()
                    + " violations but the steps list " + violations);
        }
        ended = true;
    }

    private void notBefore(String field, long time) {
        if (time < clock) {
            String source = clockSource == START ? "the start of the trace"
                    : clockSource == ARRIVAL ? "the previous arrival" : "the end of step " + clockSource;
            throw new TraceProblem(field, "time goes backwards: " + time + " is before " + clock + " (" + source + ")");
        }
    }

    boolean started() {
        return events > 0;
    }

    boolean ended() {
        return ended;
    }

    long events() {
        return events;
    }

    static String typeOf(TraceEvent e) {
        if (e instanceof TraceEvent.Header) return "a header";
        if (e instanceof TraceEvent.Arrival) return "an arrival";
        if (e instanceof TraceEvent.Step) return "a step";
        if (e instanceof TraceEvent.Completion) return "a completion";
        if (e instanceof TraceEvent.End) return "an end";
        return String.valueOf(e);
    }
}
