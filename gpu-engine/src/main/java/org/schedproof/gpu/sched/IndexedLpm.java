package org.schedproof.gpu.sched;

import java.util.Iterator;
import java.util.Map;
import org.schedproof.engine.PolicyOptions;
import org.schedproof.engine.policy.Lpm;
import org.schedproof.engine.policy.Ordering;
import org.schedproof.spec.sched.EngineView;

/**
 * The reference's {@link Lpm} (reference-engine {@code policy/Lpm.java}; ALGORITHMS.md 3.3) with its per-pass sort
 * replaced by an {@link LpmIndex} the engine keeps current: a pass reads the index's order lazily, so an iteration
 * costs the reports since the last one plus the requests the former tries, not a sort of every waiting request. On
 * an engine that reports nothing (the reference engine) it ranks as the reference does.
 */
public final class IndexedLpm implements Ordering {
    private final Lpm reference;
    private LpmIndex index;

    //@ requires o != null;
    public IndexedLpm(PolicyOptions o) {
        this.reference = new Lpm(o);
    }

    @Override
    public String name() {
        return reference.name();
    }

    @Override
    public Map<String, String> parameters() {
        return reference.parameters();
    }

    //@ ensures \result != null;
    @Override
    public Pass pass(EngineView view) {
        if (index == null) index = LpmIndex.listenTo(view, reference.parameters(), null);
        if (index == null) return reference.pass(view);
        index.settle();
        Iterator<LpmIndex.Entry> it = index.order().iterator();
        return () -> it.hasNext() ? it.next().request : null;
    }
}
