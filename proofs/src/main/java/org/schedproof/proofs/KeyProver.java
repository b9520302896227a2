package org.schedproof.proofs;

import de.uka.ilkd.key.control.KeYEnvironment;
import de.uka.ilkd.key.java.abstraction.KeYJavaType;
import de.uka.ilkd.key.logic.op.IObserverFunction;
import de.uka.ilkd.key.proof.Proof;
import de.uka.ilkd.key.proof.init.ProofInputException;
import de.uka.ilkd.key.proof.io.ProblemLoaderException;
import de.uka.ilkd.key.settings.ChoiceSettings;
import de.uka.ilkd.key.settings.ProofSettings;
import de.uka.ilkd.key.speclang.Contract;
import de.uka.ilkd.key.strategy.StrategyProperties;
import de.uka.ilkd.key.util.KeYTypeUtil;
import de.uka.ilkd.key.util.MiscTools;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs KeY 2.12.3 auto mode on every JML contract of the classes in a source folder (the recipe of
 * research/TOOLCHAIN.md section 1): contracts for method calls, invariants for loops, Java's modular integer
 * semantics ({@code intRules:javaSemantics}) so that an overflow is a proof obligation, and a rule-application limit
 * per contract so that a contract KeY cannot close ends open instead of running on.
 */
public final class KeyProver {
    /** The integer semantics every proof runs under: Java's own, 32/64-bit wrap-around. */
    public static final String INT_RULES = "intRules:javaSemantics";

    /**
     * Wall-clock guard per contract, far above any proof's cost (the longest takes about 20 s alone): the step limit
     * decides, this only keeps a pathological search from hanging the build.
     */
    static final long HANG_GUARD_MILLIS = 600_000;

    private KeyProver() {
    }

    /**
     * Proves every contract of every class in {@code sources} (a folder of package directories holding only
     * KeY-readable Java), in a stable order (type, target, contract name).
     */
    public static List<ContractResult> proveAll(Path sources, int maxSteps, Consumer<ContractResult> progress)
            throws ProblemLoaderException {
        useJavaIntegerSemantics(sources.toFile());
        KeYEnvironment<?> env = KeYEnvironment.load(sources.toFile(), null, null, null);
        try {
            List<Contract> contracts = contractsOf(env);
            List<ContractResult> results = new ArrayList<>();
            for (Contract c : contracts) {
                ContractResult r = prove(env, c, maxSteps);
                progress.accept(r);
                results.add(r);
            }
            return results;
        } finally {
            env.dispose();
        }
    }

    /** KeY reads its choice settings on the first load; set ours after that load and before the real one. */
    private static synchronized void useJavaIntegerSemantics(File sources) throws ProblemLoaderException {
        if (!ProofSettings.isChoiceSettingInitialised()) {
            KeYEnvironment.load(sources, null, null, null).dispose();
        }
        ChoiceSettings choices = ProofSettings.DEFAULT_SETTINGS.getChoiceSettings();
        Map<String, String> settings = new HashMap<>(choices.getDefaultChoices());
        settings.putAll(MiscTools.getDefaultTacletOptions());
        settings.put("intRules", INT_RULES);
        choices.setDefaultChoices(settings);
    }

    private static List<Contract> contractsOf(KeYEnvironment<?> env) {
        List<Contract> all = new ArrayList<>();
        for (KeYJavaType type : env.getJavaInfo().getAllKeYJavaTypes()) {
            if (KeYTypeUtil.isLibraryClass(type)) continue;
            for (IObserverFunction target : env.getSpecificationRepository().getContractTargets(type)) {
                for (Contract c : env.getSpecificationRepository().getContracts(type, target)) all.add(c);
            }
        }
        all.sort(Comparator.comparing((Contract c) -> c.getKJT().getFullName())
                .thenComparing(c -> c.getTarget().toString())
                .thenComparing(Contract::getName));
        return all;
    }

    private static ContractResult prove(KeYEnvironment<?> env, Contract contract, int maxSteps) {
        String type = contract.getKJT().getJavaType().getName();
        String target = targetName(contract.getTarget());
        long start = System.nanoTime();
        Proof proof = null;
        try {
            proof = env.createProof(contract.createProofObl(env.getInitConfig(), contract));
            StrategyProperties sp = proof.getSettings().getStrategySettings().getActiveStrategyProperties();
            sp.setProperty(StrategyProperties.METHOD_OPTIONS_KEY, StrategyProperties.METHOD_CONTRACT);
            sp.setProperty(StrategyProperties.LOOP_OPTIONS_KEY, StrategyProperties.LOOP_INVARIANT);
            sp.setProperty(StrategyProperties.DEP_OPTIONS_KEY, StrategyProperties.DEP_ON);
            sp.setProperty(StrategyProperties.QUERY_OPTIONS_KEY, StrategyProperties.QUERY_ON);
            sp.setProperty(StrategyProperties.NON_LIN_ARITH_OPTIONS_KEY, StrategyProperties.NON_LIN_ARITH_DEF_OPS);
            sp.setProperty(StrategyProperties.STOPMODE_OPTIONS_KEY, StrategyProperties.STOPMODE_NONCLOSE);
            proof.getSettings().getStrategySettings().setActiveStrategyProperties(sp);
            proof.getSettings().getStrategySettings().setMaxSteps(maxSteps);
            proof.getSettings().getStrategySettings().setTimeout(HANG_GUARD_MILLIS);
            ProofSettings.DEFAULT_SETTINGS.getStrategySettings().setMaxSteps(maxSteps);
            proof.setActiveStrategy(proof.getServices().getProfile().getDefaultStrategyFactory().create(proof, sp));
            env.getUi().getProofControl().startAndWaitForAutoMode(proof);
            int open = proof.openGoals().size();
            String goal = open == 0 ? "" : proof.openGoals().head().sequent().toString();
            return new ContractResult(type, target, contract.getName(), open == 0,
                    proof.getStatistics().totalRuleApps, open, seconds(start), goal);
        } catch (ProofInputException e) {
            return new ContractResult(type, target, contract.getName() + " (no proof obligation: " + e.getMessage() + ")",
                    false, 0, -1, seconds(start), "");
        } finally {
            if (proof != null) proof.dispose();
        }
    }

    /** {@code allocate()}, {@code release(int)}, {@code <init>(int)}: the method and its parameter types. */
    private static String targetName(IObserverFunction target) {
        StringBuilder s = new StringBuilder(target.name().toString().replaceAll("^.*::", "")).append('(');
        for (int i = 0; i < target.getNumParams(); i++) {
            if (i > 0) s.append(',');
            s.append(sourceTypeName(target.getParamType(i).getName()));
        }
        return s.append(')').toString();
    }

    /** KeY names array types as the JVM does ({@code [J}); reports use source syntax ({@code long[]}). */
    static String sourceTypeName(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') dims++;
        if (dims == 0) return name;
        String element = switch (name.substring(dims)) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> name.substring(dims + 1, name.length() - 1);
        };
        return element + "[]".repeat(dims);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
