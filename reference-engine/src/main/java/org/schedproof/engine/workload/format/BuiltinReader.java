package org.schedproof.engine.workload.format;

import java.util.Arrays;
import java.util.List;
import org.schedproof.engine.workload.Options;
import org.schedproof.engine.workload.TextSource;
import org.schedproof.engine.workload.WorkloadException;
import org.schedproof.engine.workload.WorkloadFormat;
import org.schedproof.engine.workload.WorkloadReader;
import org.schedproof.spec.Request;

/**
 * {@code builtin:NAME}: the real traces of data/traces, shipped in the jar as resources under /workloads/ (SOURCES.md
 * there gives their attribution and licenses), so that they load with no file at all. Options pass through to the
 * underlying format's reader; the requests, hence the digest, are those of loading the same file by path.
 */
public final class BuiltinReader implements WorkloadReader {

    /** The builtin workloads: a new one is a resource plus one line here. */
    public enum Builtin {
        VTC("vtc", WorkloadFormat.VTC, "vtc_real_trace_lmsys_arena_derived.csv",
                "VTC artifact real trace (LMSYS Chatbot Arena derived): 1,500 requests, 27 clients, 600 s"),
        DEFAULT("default", WorkloadFormat.VTC, "vtc_real_trace_lmsys_arena_derived.csv", "same as builtin:vtc"),
        AZURE_CONV("azure-conv", WorkloadFormat.AZURE, "AzureLLMInferenceTrace_conv.csv",
                "Azure LLM inference trace 2023, conversation: 19,366 requests, one hour"),
        AZURE_CODE("azure-code", WorkloadFormat.AZURE, "AzureLLMInferenceTrace_code.csv",
                "Azure LLM inference trace 2023, code: 8,819 requests, one hour"),
        MOONCAKE_CONVERSATION("mooncake-conversation", WorkloadFormat.MOONCAKE, "mooncake_conversation_trace.jsonl",
                "Mooncake conversation trace: 12,031 requests with prefix blocks (tenants: clients=N&client-block=1)"),
        MOONCAKE_SYNTHETIC("mooncake-synthetic", WorkloadFormat.MOONCAKE, "mooncake_synthetic_trace.jsonl",
                "Mooncake synthetic trace: 3,993 requests with prefix blocks, Poisson arrivals"),
        SHAREGPT("sharegpt", WorkloadFormat.LENGTHS, "sarathi_sharegpt_8k_filtered_stats_llama2_tokenizer.csv",
                "ShareGPT lengths (Sarathi-Serve): 30,731 requests, arrivals from qps and seed"),
        ARXIV("arxiv", WorkloadFormat.LENGTHS, "vidur_arxiv_summarization_stats_llama2_tokenizer_filtered_v2.csv",
                "arXiv summarization lengths (Vidur): 28,257 requests, arrivals from qps and seed"),
        SPLITWISE_CONV("splitwise-conv", WorkloadFormat.VIDUR, "vidur_splitwise_conv.csv",
                "Vidur's replay of the Azure conversation trace: 19,366 requests (same digest as builtin:azure-conv)");

        private final String label;
        private final WorkloadFormat format;
        private final String resource;
        private final String description;

        Builtin(String label, WorkloadFormat format, String resource, String description) {
            this.label = label;
            this.format = format;
            this.resource = resource;
            this.description = description;
        }

        public String label() {
            return label;
        }

        public String description() {
            return description;
        }
    }

    private final WorkloadReader delegate;

    public BuiltinReader(TextSource source, Options options) {
        String name = source.location();
        Builtin builtin = Arrays.stream(Builtin.values()).filter(b -> b.label.equals(name)).findFirst()
                .orElseThrow(() -> new WorkloadException("workload address '" + options.address()
                        + "': unknown builtin workload '" + name + "' (known: "
                        + String.join(", ", Arrays.stream(Builtin.values()).map(Builtin::label).toList()) + ")"));
        this.delegate = builtin.format.open(
                TextSource.resource("builtin:" + builtin.label, "/workloads/" + builtin.resource), options);
    }

    @Override
    public List<Request> read(int limit) {
        return delegate.read(limit);
    }
}
