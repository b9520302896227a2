package org.schedproof.conformance.mutants;

import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.sched.EngineView;

/** The engine's view with a wrong configuration in it: what a port that misreads a limit decides on. */
record WrongConfigView(EngineView view, EngineConfig config) implements ForwardingView {}
