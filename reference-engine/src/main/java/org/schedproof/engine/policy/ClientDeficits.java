package org.schedproof.engine.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.schedproof.kernels.DeficitLedger;
import org.schedproof.spec.trace.WitnessMap;

/**
 * Client names over a {@link DeficitLedger}: a client's index is the order in which it was first seen. One instance
 * may back several orderings (D²LPM's global deficits over per-worker DLPM passes).
 */
public final class ClientDeficits {
    private final DeficitLedger ledger;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    /** The witness keys {@code PREFIX.q.CLIENT} then {@code PREFIX.refills} of {@link #keyPrefix}, made once. */
    private String[] keys = new String[0];
    private String keyPrefix;

    //@ requires 1 <= quantum && quantum <= DeficitLedger.LIMIT;
    public ClientDeficits(long quantum) {
        this.ledger = new DeficitLedger(quantum);
    }

    public DeficitLedger ledger() {
        return ledger;
    }

    /** The client's index, adding it (deficit 0) when first seen. */
    //@ ensures 0 <= \result && \result < ledger().size();
    public int index(String client) {
        Integer i = index.get(client);
        if (i != null) return i;
        if (ledger.size() >= DeficitLedger.MAX_CLIENTS) {
            throw new IllegalStateException("more than " + DeficitLedger.MAX_CLIENTS + " clients");
        }
        int added = ledger.addClient();
        index.put(client, added);
        names.add(client);
        return added;
    }

    public String name(int index) {
        return names.get(index);
    }

    /** Charges {@code amount} to a client, failing clearly where the ledger's range would be left. */
    //@ requires 0 <= client && client < ledger().size() && amount >= 0;
    public void charge(int client, long amount) {
        if (amount > DeficitLedger.LIMIT || !ledger.canCharge(client, amount)) {
            throw new IllegalStateException("deficit of client '" + name(client) + "' (" + ledger.deficit(client)
                    + ") cannot be charged " + amount + ": it would leave [-2^60, quantum]");
        }
        ledger.charge(client, amount);
    }

    /** {@code PREFIX.q.CLIENT} for every client's deficit and {@code PREFIX.refills}: a step's witness. */
    public Map<String, Long> witness(String prefix) {
        int n = names.size();
        if (keys.length != n + 1 || !prefix.equals(keyPrefix)) {
            keys = new String[n + 1];
            for (int i = 0; i < n; i++) keys[i] = prefix + ".q." + names.get(i);
            keys[n] = prefix + ".refills";
            keyPrefix = prefix;
        }
        long[] values = new long[n + 1];
        for (int i = 0; i < n; i++) values[i] = ledger.deficit(i);
        values[n] = ledger.refills();
        return WitnessMap.of(keys, values, n + 1);
    }
}
