package org.schedproof.engine.workload;

import java.util.Arrays;
import java.util.List;
import org.schedproof.engine.workload.format.AzureReader;
import org.schedproof.engine.workload.format.BuiltinReader;
import org.schedproof.engine.workload.format.LengthsReader;
import org.schedproof.engine.workload.format.MooncakeReader;
import org.schedproof.engine.workload.format.NativeReader;
import org.schedproof.engine.workload.format.VidurReader;
import org.schedproof.engine.workload.format.VtcReader;
import org.schedproof.engine.workload.gen.GeneratorReader;

/**
 * The registry of workload formats: the part of an address before ':'. A new format is one reader class and one
 * line here. spec/WORKLOAD.md documents each.
 */
public enum WorkloadFormat {
    MOONCAKE("mooncake", "JSONL {timestamp ms, input_length, output_length, hash_ids} (Mooncake FAST'25)",
            MooncakeReader::new),
    AZURE("azure", "CSV TIMESTAMP,ContextTokens,GeneratedTokens (Azure LLM inference trace 2023)", AzureReader::new),
    VIDUR("vidur", "CSV arrived_at,num_prefill_tokens,num_decode_tokens (Vidur replay trace)", VidurReader::new),
    LENGTHS("lengths", "CSV num_prefill_tokens,num_decode_tokens,... (lengths only) + seeded arrivals",
            LengthsReader::new),
    VTC("vtc", "CSV req_id,client,req_time_s,prompt_len,output_len (VTC artifact, real clients)", VtcReader::new),
    SCHEDPROOF("schedproof", "JSONL written by WorkloadWriter: any workload, segments included, replayed exactly",
            NativeReader::new),
    GEN("gen", "seeded generators: gen:poisson, gen:bursty, gen:multiturn, ...", GeneratorReader::new),
    BUILTIN("builtin", "the real traces shipped inside the jar: builtin:vtc (= default), azure-conv, azure-code, "
            + "mooncake-conversation, mooncake-synthetic, sharegpt, arxiv, splitwise-conv", BuiltinReader::new);

    private final String label;
    private final String description;
    private final WorkloadReader.Factory factory;

    WorkloadFormat(String label, String description, WorkloadReader.Factory factory) {
        this.label = label;
        this.description = description;
        this.factory = factory;
    }

    /** The name used in addresses. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public WorkloadReader open(TextSource source, Options options) {
        return factory.open(source, options);
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(WorkloadFormat::label).toList();
    }

    public static WorkloadFormat byLabel(String label, String address) {
        for (WorkloadFormat f : values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        throw new WorkloadException("workload address '" + address + "': unknown format '" + label + "' (known: "
                + String.join(", ", names()) + ")");
    }
}
