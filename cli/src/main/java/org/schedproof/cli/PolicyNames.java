package org.schedproof.cli;

import java.util.Arrays;
import java.util.Iterator;
import org.schedproof.engine.Schedulers;

/** The registered policy names, for help texts. */
final class PolicyNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Schedulers.Policy.values()).map(p -> p.id).iterator();
    }
}
