package org.schedproof.conformance.fuzz.gen;

import org.schedproof.engine.workload.Workload;
import org.schedproof.spec.EngineConfig;

/** The engine a case runs on; it must fit every request of the workload alone ({@code Engine.checkFits}). */
public interface Configs {
    String name();

    EngineConfig config(Draw d, Workload w, int blockSize);
}
