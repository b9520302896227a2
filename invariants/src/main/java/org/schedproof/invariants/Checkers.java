package org.schedproof.invariants;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The registry of checkers, in catalogue order: a new checker is one class plus one line here. */
public enum Checkers {
    SAFE_BUDGET(SafeBudget::new),
    SAFE_KV(SafeKv::new),
    SAFE_KV_EXACT(SafeKvExact::new),
    SAFE_CAUSALITY(SafeCausality::new),
    SAFE_CONSERVATION(SafeConservation::new),
    SAFE_PREEMPT(SafePreempt::new),
    SAFE_MAXRUN(SafeMaxRun::new),
    SAFE_OFFLOAD(SafeOffload::new),
    SAFE_TOKENS(SafeTokens::new),
    BATCH_NO_STALL(BatchNoStall::new),
    BATCH_CHUNK(BatchChunk::new),
    BATCH_ADMISSION(BatchAdmission::new),
    BATCH_PREEMPT_TAIL(BatchPreemptTail::new),
    BATCH_HOL(BatchHol::new),
    LIVE_PROGRESS(LiveProgress::new),
    ORDER_FCFS(OrderFcfs::new),
    FAIR_VTC_SELECT(FairVtcSelect::new),
    FAIR_VTC_CHARGE(FairVtcCharge::new),
    FAIR_VTC_LIFT(FairVtcLift::new),
    FAIR_VTC_SPREAD(FairVtcSpread::new),
    FAIR_VTC_GAP(FairVtcGap::new),
    ORDER_LPM(OrderLpm::new),
    FAIR_DLPM_GATE(FairDlpmGate::new),
    FAIR_DLPM_REFILL(FairDlpmRefill::new),
    FAIR_DLPM_CHARGE(FairDlpmCharge::new),
    FAIR_DLPM_RANGE(FairDlpmRange::new),
    FAIR_DLPM_GAP(FairDlpmGap::new),
    LIVE_STARVATION(LiveStarvation::new),
    ORDER_LTR(OrderLtr::new),
    ORDER_ALISE(OrderAlise::new);

    private final Supplier<Checker> factory;

    Checkers(Supplier<Checker> factory) {
        this.factory = factory;
    }

    /** A fresh checker (checkers hold the state of one trace). */
    public Checker create() {
        return factory.get();
    }

    /** The catalogue id, e.g. {@code SAFE-BUDGET}. */
    public String id() {
        return name().replace('_', '-');
    }

    /** A fresh instance of every checker. */
    public static List<Checker> all() {
        List<Checker> out = new ArrayList<>();
        for (Checkers c : values()) out.add(c.create());
        return out;
    }

    /** The policies some checker is specific to, in registry order (what {@code check --policy} accepts). */
    public static List<String> policies() {
        List<String> out = new ArrayList<>();
        for (Checkers c : values()) {
            String p = c.create().forPolicy();
            if (p != null && !out.contains(p)) out.add(p);
        }
        return out;
    }

    /** The entry of a catalogue id, e.g. {@code SAFE-BUDGET}. */
    public static Checkers byId(String id) {
        for (Checkers c : values()) {
            if (c.id().equals(id)) return c;
        }
        throw new IllegalArgumentException("unknown invariant id '" + id + "'");
    }
}
