package org.schedproof.spec.trace;

import java.util.List;
import java.util.Map;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;
import org.schedproof.spec.Slice;

/**
 * The fast path of {@link LineDecoder} for the lines that make up almost every trace: a step, an arrival or a
 * completion written exactly as {@link TraceWriter} writes it (canonical field order, no whitespace; a step without
 * violations and with plain witness keys; a client of printable ASCII without escapes; integers inside their ranges,
 * counts of at most 18 digits) that keeps the line rules ({@link TraceRules}). It reads such a line straight from its
 * bytes, without a JSON parser; any other line, valid or not, it declines (null) and the general decoder and the rules
 * judge it, so errors and their messages are theirs. What it accepts decodes to the event the general decoder builds
 * (CanonicalLineTest). Besides speed, it keeps a cold start short: the parser's code is rarely run, so rarely compiled.
 */
final class CanonicalLine {
    private static final long INT = Integer.MAX_VALUE;
    private static final long LONG = Long.MAX_VALUE;
    /** Declines: a sentinel no accepted integer can take (every accepted one is >= -1). */
    private static final long NO = Long.MIN_VALUE;

    // The line being read; one instance reads one line after another (a reader's), reusing its scratch arrays.
    private byte[] a;
    private int i;
    private int end;
    /** Whether the line ends at its newline, found as it is read ({@link #parseLine}), rather than at {@code end}. */
    private boolean toNewline;
    /** The elements of the list being read, then copied once into the immutable list the event keeps. */
    private Object[] items = new Object[64];
    private int count;
    private final long[] tuple = new long[3];

    private static final byte[] STEP = bytes("{\"type\":\"step\",\"index\":");
    private static final byte[] ARRIVAL = bytes("{\"type\":\"arrival\",\"timeUs\":");
    private static final byte[] COMPLETION = bytes("{\"type\":\"completion\",\"timeUs\":");

    /** The event on the line, or null when the line is not a canonical line this path reads. */
    TraceEvent parse(byte[] line, int off, int len) {
        toNewline = false;
        return read(line, off, off + len);
    }

    /**
     * The event on the line that starts at {@code buf[off]} and ends at a newline before {@code limit}, or null when
     * there is no such line or it is not a canonical line this path reads; then {@link #newline()} is where it ends.
     * What {@link #parse} makes of the line without its newline, in one pass instead of a search for it first.
     */
    TraceEvent parseLine(byte[] buf, int off, int limit) {
        toNewline = true;
        return read(buf, off, limit);
    }

    /** Where the line {@link #parseLine} read last ends: the index of its newline. */
    int newline() {
        return i;
    }

    private TraceEvent read(byte[] line, int off, int end) {
        a = line;
        i = off;
        this.end = end;
        if (lit(STEP)) return step();
        if (lit(ARRIVAL)) return arrival();
        if (lit(COMPLETION)) return completion();
        return null;
    }

    private static final byte[] ID = bytes(",\"id\":");
    private static final byte[] CLIENT = bytes(",\"client\":\"");
    private static final byte[] ARRIVAL_US = bytes(",\"arrivalUs\":");
    private static final byte[] PROMPT = bytes(",\"prompt\":[");
    private static final byte[] MAX_NEW = bytes(",\"maxNewTokens\":");

    /** The arrival's fields after {@code "timeUs":}. */
    private TraceEvent.Arrival arrival() {
        long time = num(0, LONG);
        if (time == NO || !lit(ID)) return null;
        long id = num(0, LONG);
        if (id == NO || !lit(CLIENT)) return null;
        int from = i;
        while (i < end && isClientChar(a[i])) i++;
        if (i == from || !at('"')) return null;
        String client = new String(a, from, i - 1 - from, java.nio.charset.StandardCharsets.US_ASCII);
        if (!lit(ARRIVAL_US)) return null;
        long arrivalUs = num(0, LONG);
        if (arrivalUs == NO || !lit(PROMPT)) return null;
        long[] keys = new long[8];
        int[] ends = new int[8];
        int n = 0;
        do {
            if (n == keys.length) {
                keys = java.util.Arrays.copyOf(keys, 2 * n);
                ends = java.util.Arrays.copyOf(ends, 2 * n);
            }
            if (!at('[') || !signed() || !at(',')) return null;
            keys[n] = signed;
            long e = num(1, INT);
            if (e == NO || n > 0 && e <= ends[n - 1] || !at(']')) return null;
            ends[n++] = (int) e;
        } while (at(','));
        if (!at(']') || !lit(MAX_NEW)) return null;
        long maxNew = num(1, INT);
        if (maxNew == NO || !at('}') || !atEnd() || time < arrivalUs) return null;
        Prompt prompt = new Prompt(java.util.Arrays.copyOf(keys, n), java.util.Arrays.copyOf(ends, n));
        return new TraceEvent.Arrival(time, new Request(id, client, arrivalUs, prompt, (int) maxNew));
    }

    private static final byte[] REQUEST_ID = bytes(",\"requestId\":");
    private static final byte[] GENERATED = bytes(",\"generated\":");
    private static final byte[] PREEMPTIONS = bytes(",\"preemptions\":");

    /** The completion's fields after {@code "timeUs":}. */
    private TraceEvent.Completion completion() {
        long time = num(0, LONG);
        if (time == NO || !lit(REQUEST_ID)) return null;
        long id = num(0, LONG);
        if (id == NO || !lit(GENERATED)) return null;
        long generated = num(1, INT);
        if (generated == NO || !lit(PREEMPTIONS)) return null;
        long preemptions = num(0, INT);
        if (preemptions == NO || !at('}') || !atEnd()) return null;
        return new TraceEvent.Completion(time, id, (int) generated, (int) preemptions);
    }

    /** The step's fields after {@code "index":}. */
    private TraceEvent.Step step() {
        long index = num(0, LONG);
        if (index == NO || !lit(START)) return null;
        long start = num(0, LONG);
        if (start == NO || !lit(DURATION)) return null;
        long duration = num(0, LONG);
        if (duration == NO || !lit(PREEMPTED)) return null;
        List<Long> preempted = ids();
        if (preempted == null) return null;
        List<Long> offloaded = List.of();
        if (lit(OFFLOADED)) {
            offloaded = ids();
            if (offloaded == null || offloaded.isEmpty()) return null;
        }
        List<Long> prefetched = List.of();
        if (lit(PREFETCHED)) {
            prefetched = ids();
            if (prefetched == null || prefetched.isEmpty()) return null;
        }
        if (!lit(SLICES)) return null;
        List<Slice> slices = slices();
        if (slices == null) return null;
        boolean rejected;
        if (lit(REJECTED_TRUE)) rejected = true;
        else if (lit(REJECTED_FALSE)) rejected = false;
        else return null;
        List<TraceEvent.Hit> hits = pairs(false);
        if (hits == null || !lit(EVICTED)) return null;
        long evicted = num(0, INT);
        if (evicted == NO || !lit(EMITTED)) return null;
        List<TraceEvent.Emit> emitted = pairs(true);
        if (emitted == null || !lit(FINISHED)) return null;
        List<Long> finished = ids();
        if (finished == null || !lit(KV_USED)) return null;
        long kvUsed = num(0, INT);
        if (kvUsed == NO || !lit(TAIL)) return null;
        Map<String, Long> witness = witness();
        if (witness == null || !atEnd()) return null;
        // a rejected step that applied something breaks a line rule: the general path words it
        if (rejected && (!hits.isEmpty() || evicted != 0 || !emitted.isEmpty() || !finished.isEmpty())) return null;
        return new TraceEvent.Step(index, start, duration, preempted, offloaded, prefetched, slices, rejected, hits,
                (int) evicted, emitted, finished, (int) kvUsed, List.of(), witness);
    }

    private static final byte[] START = bytes(",\"startUs\":");
    private static final byte[] DURATION = bytes(",\"durationUs\":");
    private static final byte[] PREEMPTED = bytes(",\"preempted\":");
    private static final byte[] OFFLOADED = bytes(",\"offloaded\":");
    private static final byte[] PREFETCHED = bytes(",\"prefetched\":");
    private static final byte[] SLICES = bytes(",\"slices\":");
    private static final byte[] REJECTED_TRUE = bytes(",\"rejected\":true,\"hits\":");
    private static final byte[] REJECTED_FALSE = bytes(",\"rejected\":false,\"hits\":");
    private static final byte[] EVICTED = bytes(",\"evictedBlocks\":");
    private static final byte[] EMITTED = bytes(",\"emitted\":");
    private static final byte[] FINISHED = bytes(",\"finished\":");
    private static final byte[] KV_USED = bytes(",\"kvUsedBlocks\":");
    private static final byte[] TAIL = bytes(",\"violations\":[],\"witness\":{");

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Consumes {@code lit} if the line continues with it. */
    private boolean lit(byte[] lit) {
        // the hot helpers work on locals: the launcher runs the JIT's first tier, which keeps fields in memory
        byte[] a = this.a;
        int i = this.i;
        int n = lit.length;
        if (end - i < n) return false;
        for (int k = 0; k < n; k++) {
            if (a[i + k] != lit[k]) return false;
        }
        this.i = i + n;
        return true;
    }

    /** Whether the line ends here (no newline in a line read up to its end: not one of the characters this path reads). */
    private boolean atEnd() {
        return toNewline ? i < end && a[i] == '\n' : i == end;
    }

    private boolean at(char c) {
        if (i < end && a[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    /**
     * A JSON integer in {@code [min, max]} with at most 18 digits and no leading zero ({@code -1} is the only
     * negative read), else {@link #NO}.
     */
    private long num(long min, long max) {
        byte[] a = this.a;
        int i = this.i;
        int end = this.end;
        if (i < end && a[i] == '-') {
            if (min > -1 || end - i < 2 || a[i + 1] != '1' || (end - i > 2 && isDigit(a[i + 2]))) return NO;
            this.i = i + 2;
            return -1;
        }
        int from = i;
        long v = 0;
        int d;
        while (i < end && (d = a[i] - '0') >= 0 && d <= 9) {
            v = 10 * v + d;
            i++;
        }
        this.i = i;
        int digits = i - from;
        if (digits == 0 || digits > 18 || (digits > 1 && a[from] == '0')) return NO;
        // a fraction or exponent makes it no integer: the general decoder says so
        if (i < end && (a[i] == '.' || a[i] == 'e' || a[i] == 'E')) return NO;
        return v < min || v > max ? NO : v;
    }

    /** The value {@link #signed()} read last. */
    private long signed;

    /** A JSON integer of the whole signed 64-bit range (no leading zero, no fraction) into {@link #signed}. */
    private boolean signed() {
        boolean negative = at('-');
        int from = i;
        long v = 0; // accumulated negatively, so that Long.MIN_VALUE fits
        while (i < end && isDigit(a[i])) {
            int d = a[i] - '0';
            if (v < (Long.MIN_VALUE + d) / 10) return false;
            v = 10 * v - d;
            i++;
        }
        int digits = i - from;
        if (digits == 0 || digits > 1 && a[from] == '0' || negative && v == 0) return false;
        if (i < end && (a[i] == '.' || a[i] == 'e' || a[i] == 'E')) return false;
        if (!negative && v == Long.MIN_VALUE) return false;
        signed = negative ? v : -v;
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private void add(Object item) {
        if (count == items.length) items = java.util.Arrays.copyOf(items, 2 * count);
        items[count++] = item;
    }

    /** The list of the items added since the list's '[', after its closing ']', or null to decline. */
    private <T> List<T> close() {
        return at(']') ? new FrozenList<>(java.util.Arrays.copyOf(items, count)) : null;
    }

    /** {@code [id, ...]} of non-negative 64-bit ids. */
    private List<Long> ids() {
        if (!at('[')) return null;
        if (at(']')) return List.of();
        count = 0;
        do {
            long v = num(0, LONG);
            if (v == NO) return null;
            add(v);
        } while (at(','));
        return close();
    }

    /** Fills {@code into[0, n)} with the tuple {@code [v0, v1(, v2)]} under the mins and maxes given; false to decline. */
    private boolean tuple(long[] into, int n, long[] mins, long[] maxes) {
        if (!at('[')) return false;
        for (int k = 0; k < n; k++) {
            if (k > 0 && !at(',')) return false;
            into[k] = num(mins[k], maxes[k]);
            if (into[k] == NO) return false;
        }
        return at(']');
    }

    private static final long[] SLICE_MIN = {0, 0, 1};
    private static final long[] SLICE_MAX = {LONG, INT, INT};
    private static final long[] HIT_MIN = {0, 1};
    private static final long[] EMIT_MIN = {0, -1};
    private static final long[] PAIR_MAX = {LONG, INT};

    private List<Slice> slices() {
        if (!at('[')) return null;
        if (at(']')) return List.of();
        count = 0;
        long[] t = tuple;
        do {
            if (!tuple(t, 3, SLICE_MIN, SLICE_MAX)) return null;
            add(new Slice(t[0], (int) t[1], (int) t[2]));
        } while (at(','));
        return close();
    }

    /**
     * {@code [[id, value], ...]}: emits (values at least -1) or hits (at least 1). The records are made here, not by
     * a constructor passed in, which the first JIT tier would call through an interface for every pair.
     */
    private <T> List<T> pairs(boolean emits) {
        long[] mins = emits ? EMIT_MIN : HIT_MIN;
        if (!at('[')) return null;
        if (at(']')) return List.of();
        count = 0;
        long[] t = tuple;
        do {
            if (!tuple(t, 2, mins, PAIR_MAX)) return null;
            add(emits ? new TraceEvent.Emit(t[0], (int) t[1]) : new TraceEvent.Hit(t[0], (int) t[1]));
        } while (at(','));
        return close();
    }

    /** The witness being read: keys (each one {@link #key}'s) and values. */
    private String[] witnessKeys = new String[8];
    private long[] witnessValues = new long[8];
    /** Keys read before, by a hash of their bytes (a trace repeats the same few keys on every step). */
    private final String[] knownKeys = new String[1024];

    /**
     * The witness object's members, the opening brace already read, then its closing brace and the line's: keys
     * of ASCII letters, digits, '_' and '-' only, each once, values non-negative (others go the general way).
     */
    private Map<String, Long> witness() {
        if (at('}')) return at('}') ? Map.of() : null;
        int n = 0;
        do {
            if (!at('"')) return null;
            int from = i;
            int hash = 0;
            while (i < end && isKeyChar(a[i])) hash = 31 * hash + a[i++];
            if (i == from || !at('"') || !at(':')) return null;
            String key = key(from, i - 2 - from, hash);
            long v = num(0, LONG);
            if (v == NO) return null;
            if (n == witnessKeys.length) {
                witnessKeys = java.util.Arrays.copyOf(witnessKeys, 2 * n);
                witnessValues = java.util.Arrays.copyOf(witnessValues, 2 * n);
            }
            witnessKeys[n] = key;
            witnessValues[n++] = v;
        } while (at(','));
        if (!at('}') || !at('}') || !distinct(witnessKeys, n)) return null;
        return WitnessMap.of(witnessKeys, witnessValues, n);
    }

    /** The key spelled by {@code a[from, from + len)} (its {@code String.hashCode} is {@code hash}), reused when seen. */
    private String key(int from, int len, int hash) {
        int slot = hash & (knownKeys.length - 1);
        String known = knownKeys[slot];
        if (known != null && known.length() == len) {
            int k = 0;
            while (k < len && known.charAt(k) == a[from + k]) k++;
            if (k == len) return known;
        }
        return knownKeys[slot] = new String(a, from, len, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Whether {@code keys[0, n)} are distinct. */
    private static boolean distinct(String[] keys, int n) {
        if (n > 8) return new java.util.HashSet<>(java.util.Arrays.asList(keys).subList(0, n)).size() == n;
        for (int x = 1; x < n; x++) {
            for (int y = 0; y < x; y++) {
                if (keys[x].equals(keys[y])) return false;
            }
        }
        return true;
    }

    /** A character of a witness key this path reads (and {@link LineEncoder} writes) without JSON escapes. */
    static boolean isKeyChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** A character of a client name this path reads (and {@link LineEncoder} writes) without JSON escapes. */
    static boolean isClientChar(int c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }
}
