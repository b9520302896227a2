package org.schedproof.gpu.core;

import org.schedproof.spec.sched.RequestView;

/**
 * What an engine view offers a policy that would otherwise search its waiting list for a request it knows by id (VTC
 * offering a client's head): the request's entry directly. FastEngine's view offers it from its table by id.
 */
public interface WaitingById {
    /** The waiting request of id {@code id}; fails when no such request waits. */
    RequestView waiting(long id);
}
