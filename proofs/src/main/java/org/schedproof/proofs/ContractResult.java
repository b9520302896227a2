package org.schedproof.proofs;

/**
 * The outcome of one KeY proof attempt: the contract (its type, its target method and KeY's name for the spec case),
 * whether auto mode closed every goal, the rule applications it took, the seconds it ran, and for an open one the
 * sequent of its first open goal (what KeY could not show), for whoever strengthens the contract.
 */
public record ContractResult(String type, String target, String contract, boolean closed, int ruleApps, int openGoals,
                             double seconds, String firstOpenGoal) {
    /** The contract's stable id, {@code Type::method(params)#n}, as must-prove lists name it. */
    public String id() {
        return type + "::" + target + "#" + contract.substring(contract.lastIndexOf(' ') + 1);
    }
}
