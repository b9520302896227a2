package org.schedproof.report.certify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.schedproof.report.html.Page;
import org.schedproof.report.html.Table;
import org.schedproof.report.html.Table.Cell;

/**
 * The first divergence of an L3 certificate as a side-by-side batch diff: the reference's batch and the candidate's
 * at that step, one row per request, rows that differ marked. Reads the one-line batches certify writes
 * ({@code preempt [3] slices [5@0+64, 2@40+1] rejected emitted [2:17]}, ScheduleDifferential.batch on h-certify).
 */
public final class BatchDiff {
    private static final Pattern SLICE = Pattern.compile("(\\d+)@(\\d+)\\+(\\d+)");

    private BatchDiff() {}

    /** One batch, parsed: per request its slice (start+length), and the lists as written. */
    record Batch(Map<Long, String> slices, List<Long> slicesOrder, String preempt, String offload, String prefetch,
                 String emitted, boolean rejected) {
        static Batch parse(String s) {
            if (s == null) return null;
            Map<Long, String> slices = new LinkedHashMap<>();
            List<Long> order = new ArrayList<>();
            Matcher m = SLICE.matcher(list(s, "slices"));
            while (m.find()) {
                long id = Long.parseLong(m.group(1));
                slices.put(id, "[" + m.group(2) + ", " + (Long.parseLong(m.group(2)) + Long.parseLong(m.group(3)))
                        + ") (" + m.group(3) + ")");
                order.add(id);
            }
            return new Batch(slices, order, list(s, "preempt"), list(s, "offload"), list(s, "prefetch"),
                    list(s, "emitted"), s.contains(" rejected") || s.startsWith("rejected"));
        }

        /** The bracketed list after {@code name}, or "" when the batch has none. */
        private static String list(String s, String name) {
            int i = s.indexOf(name + " [");
            if (i < 0) return "";
            int j = s.indexOf(']', i);
            return s.substring(i + name.length() + 2, j < 0 ? s.length() : j);
        }
    }

    /** A table: request | reference | candidate, then the lists; differing rows marked {@code fail}. */
    public static Table table(String reference, String candidate) {
        Batch r = Batch.parse(reference);
        Batch c = Batch.parse(candidate);
        Table t = new Table("", "reference", "candidate");
        Set<Long> ids = new LinkedHashSet<>();
        if (r != null) ids.addAll(r.slicesOrder());
        if (c != null) ids.addAll(c.slicesOrder());
        for (long id : ids) {
            String a = r == null ? "(no step)" : r.slices().getOrDefault(id, "-");
            String b = c == null ? "(no step)" : c.slices().getOrDefault(id, "-");
            row(t, "request " + id + " slice [from, to) (tokens)", a, b);
        }
        row(t, "preempted", r == null ? "" : r.preempt(), c == null ? "" : c.preempt());
        row(t, "offloaded", r == null ? "" : r.offload(), c == null ? "" : c.offload());
        row(t, "prefetched", r == null ? "" : r.prefetch(), c == null ? "" : c.prefetch());
        row(t, "rejected", r != null && r.rejected() ? "yes" : "no", c != null && c.rejected() ? "yes" : "no");
        row(t, "emitted [request:token]", r == null ? "" : r.emitted(), c == null ? "" : c.emitted());
        return t;
    }

    private static void row(Table t, String what, String a, String b) {
        String cls = a.equals(b) ? "" : "fail";
        t.row(Cell.text(what), Cell.html(Page.esc(a), cls), Cell.html(Page.esc(b), cls));
    }
}
