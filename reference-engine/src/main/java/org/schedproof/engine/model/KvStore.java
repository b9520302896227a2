package org.schedproof.engine.model;

/**
 * Where one sequence's KV lives. The engine maps positions to slots of its paged blocks; the model reads and writes a
 * position's slot only through this view. Slot layout (spec/MODEL.md 3.4): for layer l = 0..L-1, K[kvDim] then
 * V[kvDim], so K of layer l starts at offset + 2*l*kvDim and V at offset + (2*l+1)*kvDim.
 */
public interface KvStore {
    /** The array that holds this position's KV slot. */
    byte[] array(int position);

    /** Where the slot of this position starts in {@link #array(int)}. */
    int offset(int position);
}
