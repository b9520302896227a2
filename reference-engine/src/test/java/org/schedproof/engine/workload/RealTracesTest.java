package org.schedproof.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.schedproof.spec.Prompt;
import org.schedproof.spec.Request;

/**
 * Every real trace of data/traces loads, as a builtin workload, with the row count of its SOURCES.md and its fields
 * mapped as WORKLOAD.md says; a builtin is the same workload (digest included) as its file loaded by path.
 */
class RealTracesTest {
    /** data/traces from the module folder, where Maven runs the tests. */
    static final Path DATA = Path.of("..", "data", "traces");

    @ParameterizedTest(name = "builtin:{0} = {1}:{2}, {3} requests")
    @CsvSource({
        "mooncake-conversation, mooncake, mooncake_conversation_trace.jsonl, 12031",
        "mooncake-synthetic, mooncake, mooncake_synthetic_trace.jsonl, 3993",
        "azure-code, azure, AzureLLMInferenceTrace_code.csv, 8819",
        "azure-conv, azure, AzureLLMInferenceTrace_conv.csv, 19366",
        "splitwise-conv, vidur, vidur_splitwise_conv.csv, 19366",
        "sharegpt, lengths, sarathi_sharegpt_8k_filtered_stats_llama2_tokenizer.csv, 30731",
        "arxiv, lengths, vidur_arxiv_summarization_stats_llama2_tokenizer_filtered_v2.csv, 28257",
        "vtc, vtc, vtc_real_trace_lmsys_arena_derived.csv, 1500",
    })
    void everyBuiltinTraceLoadsWithItsRowCountSortedNumberedAndAsItsFileByPath(String builtin, String format,
            String file, int rows) {
        Workload w = Workloads.load("builtin:" + builtin);
        assertThat(w.name()).isEqualTo("builtin:" + builtin);
        assertThat(w.size()).isEqualTo(rows);
        assertSortedAndNumbered(w);
        assertThat(w.requests().get(0).arrivalUs()).isZero();
        Path path = DATA.resolve(file);
        assertThat(path).as("the bundled copy in the repository").isRegularFile();
        assertThat(w.digest()).isEqualTo(Workloads.load(format + ":" + path).digest());
    }

    @Test
    void builtinOptionsAndLimitsPassThroughToTheFormat() {
        String sharegpt = DATA.resolve("sarathi_sharegpt_8k_filtered_stats_llama2_tokenizer.csv").toString();
        Workload w = Workloads.load("builtin:sharegpt?qps=2&seed=1&limit=300");
        assertThat(w.size()).isEqualTo(300);
        assertThat(w.digest()).isEqualTo(Workloads.load("lengths:" + sharegpt + "?qps=2&seed=1", 300).digest());
        assertThat(w.digest()).isNotEqualTo(Workloads.load("builtin:sharegpt?qps=2&seed=2&limit=300").digest());
        Workload limited = Workloads.load("builtin:mooncake-conversation?clients=8&client-block=1", 500);
        assertThat(limited.name()).isEqualTo("builtin:mooncake-conversation?clients=8&client-block=1&limit=500");
        assertThat(limited.digest()).isEqualTo(Workloads.load("mooncake:"
                + DATA.resolve("mooncake_conversation_trace.jsonl") + "?clients=8&client-block=1&limit=500").digest());
        assertThat(limited.requests().stream().map(Request::client).distinct()).hasSize(8);
    }

    @Test
    void mooncakeConversationFirstRowsMapToBlocksOf512() {
        Workload w = Workloads.load("builtin:mooncake-conversation");
        // {"timestamp": 0, "input_length": 6758, "output_length": 500, "hash_ids": [0, 1, ..., 13]}
        Request r0 = w.requests().get(0);
        assertThat(r0.arrivalUs()).isZero();
        assertThat(r0.promptLength()).isEqualTo(6758);
        assertThat(r0.maxNewTokens()).isEqualTo(500);
        assertThat(r0.client()).isEqualTo(Clients.SINGLE);
        assertThat(r0.prompt().keys()).hasSize(14);
        assertThat(r0.prompt().keys()[0]).isEqualTo(PromptKeys.key(PromptKeys.MOONCAKE_BLOCK, 0));
        assertThat(r0.prompt().keys()[13]).isEqualTo(PromptKeys.key(PromptKeys.MOONCAKE_BLOCK, 13));
        assertThat(r0.prompt().ends()[0]).isEqualTo(512);
        assertThat(r0.prompt().ends()[13]).isEqualTo(6758);
        // {"timestamp": 0, "input_length": 7322, "output_length": 490, "hash_ids": [0, 14, 15, ..., 27]}
        Request r1 = w.requests().get(1);
        assertThat(r1.promptLength()).isEqualTo(7322);
        assertThat(r1.maxNewTokens()).isEqualTo(490);
        assertThat(r1.prompt().keys()[1]).isEqualTo(PromptKeys.key(PromptKeys.MOONCAKE_BLOCK, 14));
        assertThat(w.requests().get(w.size() - 1).arrivalUs()).isEqualTo(3_536_999_000L);
    }

    @Test
    void azureArrivalsAreExactMicrosecondsFromTheFirstRow() {
        Workload w = Workloads.load("builtin:azure-code");
        // 2023-11-16 18:17:03.9799600,4808,10 / 18:17:04.0319600,3180,8 / 18:17:04.0781490,110,27
        assertThat(w.requests().get(0).promptLength()).isEqualTo(4808);
        assertThat(w.requests().get(0).maxNewTokens()).isEqualTo(10);
        assertThat(w.requests().get(1).arrivalUs()).isEqualTo(52_000L);
        assertThat(w.requests().get(1).promptLength()).isEqualTo(3180);
        assertThat(w.requests().get(2).arrivalUs()).isEqualTo(98_189L);
        assertThat(w.requests().get(2).maxNewTokens()).isEqualTo(27);
        // the last line, which has no trailing newline: 2023-11-16 19:14:19.9280160,549,173
        Request last = w.requests().get(w.size() - 1);
        assertThat(last.arrivalUs()).isEqualTo(3_435_948_056L);
        assertThat(last.promptLength()).isEqualTo(549);
        assertThat(last.maxNewTokens()).isEqualTo(173);
    }

    @Test
    void vidurSplitwiseConvIsAzureConvReplayedToTheMicrosecond() {
        Workload azure = Workloads.load("builtin:azure-conv");
        Workload vidur = Workloads.load("builtin:splitwise-conv");
        assertThat(vidur.requests().get(1).arrivalUs()).isEqualTo(4_314_579L);
        assertThat(vidur.requests().get(1).promptLength()).isEqualTo(396);
        assertThat(vidur.requests().get(1).maxNewTokens()).isEqualTo(109);
        // 5.8926549999999995 s is rounded half-even to the µs
        assertThat(vidur.requests().stream().filter(r -> r.arrivalUs() == 5_892_655L)).hasSize(1);
        assertThat(vidur.size()).isEqualTo(azure.size());
        for (int i = 0; i < azure.size(); i++) {
            Request a = azure.requests().get(i);
            Request v = vidur.requests().get(i);
            assertThat(v.arrivalUs()).as("row %d", i).isEqualTo(a.arrivalUs());
            assertThat(v.promptLength()).as("row %d", i).isEqualTo(a.promptLength());
            assertThat(v.maxNewTokens()).as("row %d", i).isEqualTo(a.maxNewTokens());
        }
        assertThat(vidur.digest()).isEqualTo(azure.digest());
    }

    @Test
    void lengthsFilesGetSeededArrivals() {
        Workload w = Workloads.load("builtin:sharegpt?qps=4&seed=7");
        // 74,918,992,... / 290,905,1195,...
        assertThat(w.requests().get(0).promptLength()).isEqualTo(74);
        assertThat(w.requests().get(0).maxNewTokens()).isEqualTo(918);
        assertThat(w.requests().get(1).promptLength()).isEqualTo(290);
        assertThat(w.requests().get(1).maxNewTokens()).isEqualTo(905);
        double seconds = w.requests().get(w.size() - 1).arrivalUs() / 1e6;
        assertThat(w.size() / seconds).as("mean rate at qps=4").isBetween(3.9, 4.1);
        assertThat(Workloads.load("builtin:sharegpt?qps=4&seed=7").digest()).isEqualTo(w.digest());
        assertThat(Workloads.load("builtin:sharegpt?qps=4&seed=8").digest()).isNotEqualTo(w.digest());

        Workload arxiv = Workloads.load("builtin:arxiv");
        assertThat(arxiv.requests().get(0).promptLength()).isEqualTo(3772);
        assertThat(arxiv.requests().get(0).maxNewTokens()).isEqualTo(54);
    }

    @Test
    void vtcKeepsItsTwentySevenRealClients() {
        Workload w = Workloads.load("builtin:vtc");
        // 0,dummy-lora-7b-rank-8-13,0.0,13,199 / 1,dummy-lora-7b-rank-8-2,0.20793754160099873,36,137
        Request r0 = w.requests().get(0);
        assertThat(r0.client()).isEqualTo("dummy-lora-7b-rank-8-13");
        assertThat(r0.promptLength()).isEqualTo(13);
        assertThat(r0.maxNewTokens()).isEqualTo(199);
        Request r1 = w.requests().get(1);
        assertThat(r1.client()).isEqualTo("dummy-lora-7b-rank-8-2");
        assertThat(r1.arrivalUs()).isEqualTo(207_938L);
        Set<String> clients = w.requests().stream().map(Request::client).collect(Collectors.toSet());
        assertThat(clients).hasSize(27);
        assertThat(w.requests().get(w.size() - 1).arrivalUs()).isEqualTo(600_000_000L);
    }

    @Test
    void builtinDefaultIsTheVtcTrace() {
        assertThat(Workloads.load("builtin:default").digest()).isEqualTo(Workloads.load("builtin:vtc").digest());
    }

    @Test
    void singleSegmentTracesShareNothingBetweenRequests() {
        Workload w = Workloads.load("builtin:azure-code", 1000);
        Set<Long> keys = w.requests().stream().map(r -> r.prompt().keys()[0]).collect(Collectors.toSet());
        assertThat(keys).hasSize(1000);
        for (Request r : w.requests()) {
            assertThat(r.prompt()).isEqualTo(Prompt.single(PromptKeys.key(PromptKeys.REQUEST, r.id()), r.promptLength()));
        }
    }

    static void assertSortedAndNumbered(Workload w) {
        List<Request> rs = w.requests();
        for (int i = 0; i < rs.size(); i++) {
            assertThat(rs.get(i).id()).isEqualTo(i);
            if (i > 0) {
                assertThat(rs.get(i).arrivalUs()).isGreaterThanOrEqualTo(rs.get(i - 1).arrivalUs());
            }
        }
    }
}
