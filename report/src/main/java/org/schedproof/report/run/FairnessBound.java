package org.schedproof.report.run;

import java.util.Map;
import org.schedproof.spec.EngineConfig;
import org.schedproof.spec.trace.TraceEvent;

/**
 * Which proved service-gap bound a trace's policy claims, read from its header's parameters (spec/FAIRNESS.md
 * section 4), with the backlog notion the bound speaks of and the source to cite. The constants that grow with the
 * run ({@code U} for VTC; {@code P_max} and {@code E} for DLPM) are measured from the trace by {@link RunSeries},
 * each as its invariant's checker measures it (invariants FairVtcGap and FairDlpmGap).
 *
 * @param kind          which bound, or {@link Kind#NONE}
 * @param continuous    the bound speaks of continuous backlog (waiting at each step's start and after its
 *                      admissions, FAIRNESS.md section 1); otherwise of backlog at each step's start (METRICS.md 13)
 * @param inputPrice    {@code w_p}
 * @param outputPrice   {@code w_q}
 * @param quantum       DLPM's {@code Q} (0 for VTC)
 * @param formula       the bound as the page prints it
 * @param source        where it is stated and proved
 * @param why           for {@link Kind#NONE}: why no band is drawn
 */
public record FairnessBound(Kind kind, boolean continuous, long inputPrice, long outputPrice, long quantum,
                            String formula, String source, String why) {
    /** The bounds the report draws. */
    public enum Kind { NONE, VTC, DLPM }

    /** The bound of the trace whose header is {@code h}. */
    public static FairnessBound of(TraceEvent.Header h) {
        Map<String, String> p = h.parameters();
        String ordering = p.getOrDefault("ordering", h.policy().split("/")[0]);
        long wp = price(p, "input-price", 1);
        long wq = price(p, "output-price", 2);
        if (ordering.equals("vtc")) {
            if (!"paper".equals(p.get("lift")) || !"once".equals(p.get("output-charge"))) {
                return none("vtc with lift=" + p.get("lift") + ", output-charge=" + p.get("output-charge")
                        + ": the service-gap theorem covers only lift=paper, output-charge=once (FAIRNESS.md 2.4)");
            }
            if (!p.getOrDefault("weights", "").isEmpty()) {
                return none("vtc with weights: the bound is on weighted service U_f + U_g, not drawn here");
            }
            return new FairnessBound(Kind.VTC, true, wp, wq, 0, "2U, U = max over clients f of U_f, the largest "
                    + "Σ rest(r) over f's running requests after any admission pass, rest(r) = w_p·max(0, P_r − π_r) + "
                    + "w_q·(N_r − g_r)" + reservation(h.engine(), p, wp, wq),
                    "spec/FAIRNESS.md 2.4 (theorem, VTC, Sheng et al. OSDI'24); proof proofs/VTC-BOUND.md; "
                    + "checker FAIR-VTC-GAP", "");
        }
        if (ordering.equals("dlpm")) {
            if ("shared".equals(p.get("deficits"))) {
                return none("a D²LPM worker over the cluster's shared deficit ledger: other workers' refills break "
                        + "the bound's premise, so none is claimed (FAIRNESS.md 5)");
            }
            if (!"uncached".equals(p.getOrDefault("charge", "uncached"))) {
                return none("dlpm with charge=" + p.get("charge") + ": the bound counts hit positions in W, "
                        + "not drawn here");
            }
            long q = Long.parseLong(p.getOrDefault("quantum", "2048").trim());
            return new FairnessBound(Kind.DLPM, false, wp, wq, q, "2·(Q + w_p·P_max + w_q·E − 1), Q = " + q
                    + ", w_p = " + wp + ", w_q = " + wq + "; P_max the longest prompt so far, E the most tokens one "
                    + "client's running requests can still emit",
                    "spec/FAIRNESS.md 3.7 (derived here); proof proofs/DLPM-BOUND.md; checker FAIR-DLPM-GAP", "");
        }
        if (ordering.equals("lcf")) return none("lcf (VTC without lift) has no bound (FAIRNESS.md 4)");
        return none(h.policy() + " claims no service-gap bound (FAIRNESS.md 4)");
    }

    private static FairnessBound none(String why) {
        return new FairnessBound(Kind.NONE, false, 1, 2, 0, "", "", why);
    }

    private static long price(Map<String, String> p, String key, long fallback) {
        String v = p.get(key);
        return v == null ? fallback : Long.parseLong(v.trim());
    }

    /** The closed form with S-LoRA's reservation, U ≤ max(w_p, w_q)·M (FAIRNESS.md 2.4). */
    private static String reservation(EngineConfig e, Map<String, String> p, long wp, long wq) {
        if (!"reserve-max-output".equals(p.get("admission"))) return "";
        long m = (long) (e.numBlocks() - e.watermarkBlocks()) * e.blockSize();
        return "; with admission=reserve-max-output U ≤ max(w_p, w_q)·M = " + Math.max(wp, wq) * m;
    }

    public boolean drawn() {
        return kind != Kind.NONE;
    }
}
