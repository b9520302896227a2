package org.schedproof.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** What to run: the options every command that runs the engine shares. */
final class RunOptions {
    @Option(names = "--workload", defaultValue = "builtin:default", paramLabel = "FORMAT:PATH",
            description = "Workload address FORMAT:PATH[?key=value&...] (formats: mooncake, azure, vidur, lengths, vtc, "
                    + "gen, schedproof, builtin; see spec/WORKLOAD.md). The bundled real traces: builtin:vtc, azure-conv, "
                    + "azure-code, mooncake-conversation, mooncake-synthetic, sharegpt, arxiv, splitwise-conv. "
                    + "Default: ${DEFAULT-VALUE}, the embedded VTC arena trace.")
    String workload;

    @Option(names = "--policy", defaultValue = "fcfs", description = "Scheduling policy: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = PolicyNames.class)
    String policy;

    @Option(names = "--param", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A policy option (repeatable), e.g. --param quantum=2048; the policy names the ones it knows.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--batching", defaultValue = "sarathi",
            description = "Batch former: sarathi (stall-free chunked prefill), prefill-first (vLLM v0) or orca (whole "
                    + "prompts with every running decode); standalone policies (ltr, alise) form their own. "
                    + "Default: ${DEFAULT-VALUE}.")
    String batching;

    @Option(names = "--profile", defaultValue = "a100-llama2-7b",
            description = "Cost model and KV size (spec/COST.md): a100-llama2-7b, h200-llama2-7b or a100-mistral-7b. "
                    + "Default: ${DEFAULT-VALUE}.")
    String profile;
}
