package org.schedproof.spec.trace;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list over an array nothing else holds: what {@link CanonicalLine} builds for a step's lists, which
 * {@link TraceEvent.Step} keeps without the copy {@code List.copyOf} would make.
 */
final class FrozenList<T> extends AbstractList<T> implements RandomAccess {
    private final Object[] items;

    /** Takes {@code items} (not copied: the caller lets go of it), none of them null. */
    FrozenList(Object[] items) {
        this.items = items;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        Objects.checkIndex(index, items.length);
        return (T) items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
