package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.spec.Request;
import org.schedproof.spec.trace.TraceEvent;

/**
 * DLPM's deficits recomputed from a trace alone, by spec/FAIRNESS.md section 3, for the FAIR-DLPM checkers (each owns
 * one). Options come from the header's parameters ({@code quantum}, {@code charge}, {@code on-return},
 * {@code input-price}, {@code output-price}), their documented defaults standing in for missing ones.
 *
 * <p>Per step: {@link #pass} applies the returning-client rule and the refill to the clients backlogged when the pass
 * starts, {@link #ran} charges the step's service (not for a rejected step, whose pass still happened). A refill is
 * due when every backlogged client has a deficit at most 0, and then it comes at the pass's first offer (no request
 * is offered before it); but a former may ask for no offer at all (the reference stall-free and Orca formers admit
 * nothing in a step that preempts), so a due refill may wait for a later pass. The witness's {@code dlpm.refills}
 * says which happened; without a witness, a due refill is taken to happen unless the step preempts.
 */
final class DlpmState {
    enum OnReturn { KEEP, RESET, DROP_CREDIT }

    final long quantum;
    final long inputPrice;
    final long outputPrice;
    final boolean fullPrompt;
    final OnReturn onReturn;

    private final Map<String, Integer> index = new HashMap<>();
    final List<String> clients = new ArrayList<>();
    private final List<Long> deficits = new ArrayList<>();
    private final List<Integer> waiting = new ArrayList<>();
    private boolean[] wasBacklogged = new boolean[0];
    private final Map<Long, Request> requests = new HashMap<>();
    long refills;
    /** The rounds the last pass added, the rounds that were due, the clients it found backlogged and their deficits
     * before the refill. */
    long lastRounds;
    long dueRounds;
    boolean[] backlogged = new boolean[0];
    long[] beforeRefill = new long[0];
    /** The longest prompt and the largest max new tokens seen (for the range bound). */
    long longestPrompt;
    long mostNewTokens;

    DlpmState(TraceEvent.Header h) {
        Map<String, String> p = h.parameters();
        quantum = Math.max(1, parseLong(p.get("quantum"), 2048));
        inputPrice = parseLong(p.get("input-price"), 1);
        outputPrice = parseLong(p.get("output-price"), 2);
        fullPrompt = "full-prompt".equals(p.get("charge"));
        onReturn = switch (p.getOrDefault("on-return", "keep")) {
            case "reset" -> OnReturn.RESET;
            case "drop-credit" -> OnReturn.DROP_CREDIT;
            default -> OnReturn.KEEP;
        };
    }

    long deficit(int c) {
        return deficits.get(c);
    }

    int clientOf(long requestId) {
        Request r = requests.get(requestId);
        return r == null ? -1 : index.get(r.client());
    }

    Request request(long id) {
        return requests.get(id);
    }

    /** The prompt length of an arrived, unfinished request; -1 for another. */
    int promptLength(long id) {
        Request r = requests.get(id);
        return r == null ? -1 : r.promptLength();
    }

    void arrive(Request r) {
        if (requests.putIfAbsent(r.id(), r) != null) return;
        int c = index.computeIfAbsent(r.client(), k -> {
            clients.add(k);
            deficits.add(0L);
            waiting.add(0);
            return clients.size() - 1;
        });
        waiting.set(c, waiting.get(c) + 1);
        longestPrompt = Math.max(longestPrompt, r.promptLength());
        mostNewTokens = Math.max(mostNewTokens, r.maxNewTokens());
    }

    /**
     * Section 3.3 steps 1 and 4 at the start of a step's pass: the returning-client rule, then the refill: the witness's
     * rounds when they are 0 or the rounds due ({@code witnessRounds}, null without a witness), else the rounds due
     * unless the step preempts.
     */
    void pass(Long witnessRounds, boolean preempts) {
        int n = clients.size();
        backlogged = new boolean[n];
        for (int c = 0; c < n; c++) {
            backlogged[c] = waiting.get(c) > 0;
            boolean returning = backlogged[c] && (c >= wasBacklogged.length || !wasBacklogged[c]);
            if (returning && onReturn == OnReturn.RESET) deficits.set(c, 0L);
            if (returning && onReturn == OnReturn.DROP_CREDIT) deficits.set(c, Math.min(0, deficits.get(c)));
        }
        wasBacklogged = backlogged;
        beforeRefill = new long[n];
        long rounds = Long.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            beforeRefill[c] = deficits.get(c);
            if (!backlogged[c]) continue;
            if (deficits.get(c) > 0) rounds = 0;
            else rounds = Math.min(rounds, Math.floorDiv(-deficits.get(c), quantum) + 1);
        }
        dueRounds = rounds == Long.MAX_VALUE ? 0 : rounds;
        boolean legal = witnessRounds != null && (witnessRounds == 0 || witnessRounds == dueRounds);
        lastRounds = legal ? witnessRounds : preempts ? 0 : dueRounds;
        if (lastRounds == 0) return;
        refills += lastRounds;
        for (int c = 0; c < n; c++) {
            if (backlogged[c]) deficits.set(c, deficits.get(c) + lastRounds * quantum);
        }
    }

    /** Section 3.4: the step as it ran charges its service; admissions, preemptions and finishes move requests. */
    void ran(Replay.StepFacts f) {
        for (Replay.PreemptFact p : f.preempts) {
            int c = clientOf(p.requestId());
            if (c >= 0 && p.before() == Replay.Status.RUNNING && !p.twice()) waiting.set(c, waiting.get(c) + 1);
        }
        for (int k = 0; k < f.slices.size(); k++) {
            Replay.SliceFact sf = f.slices.get(k);
            Request r = requests.get(sf.slice().requestId());
            if (r == null || sf.before() == Replay.Status.FINISHED || sf.before() == Replay.Status.UNKNOWN) continue;
            int c = index.get(r.client());
            if (sf.admitted() && waiting.get(c) > 0) waiting.set(c, waiting.get(c) - 1);
            long positions = VtcState.promptPositions(r, sf.slice());
            if (fullPrompt && sf.admitted()) positions += Math.min(sf.slice().start(), r.promptLength());
            deficits.set(c, deficits.get(c) - inputPrice * positions);
        }
        for (int j = 0; j < f.emits.size(); j++) {
            long id = f.emits.getLong(j);
            int c = clientOf(id);
            if (c >= 0) deficits.set(c, deficits.get(c) - outputPrice);
        }
        for (int j = 0; j < f.finished.size(); j++) {
            long id = f.finished.getLong(j);
            requests.remove(id);
        }
    }

    /** The prompt work committed to each client by its running requests: w_p·Σ max(0, P - computed). */
    long[] committed(List<Replay.RunningFact> running) {
        long[] out = new long[clients.size()];
        for (Replay.RunningFact r : running) {
            Request q = requests.get(r.id());
            if (q != null) out[index.get(q.client())] += inputPrice * Math.max(0, q.promptLength() - r.computed());
        }
        return out;
    }

    /** What an admission adds to its client's committed work. */
    long commitment(Request r, int hit) {
        return inputPrice * (fullPrompt ? r.promptLength() : Math.max(0, r.promptLength() - hit));
    }

    private static long parseLong(String s, long otherwise) {
        if (s == null) return otherwise;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
