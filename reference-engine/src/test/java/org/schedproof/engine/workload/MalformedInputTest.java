package org.schedproof.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input fails with a WorkloadException naming file, line and field; nothing partial is returned. */
class MalformedInputTest {
    @TempDir
    Path dir;

    private String write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f.toString();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> failsLoading(String address) {
        return assertThatThrownBy(() -> Workloads.load(address)).isInstanceOf(WorkloadException.class);
    }

    private static final String MOON_OK =
            "{\"timestamp\": 5, \"input_length\": 600, \"output_length\": 3, \"hash_ids\": [1, 2]}\n";

    @Test
    void missingCsvColumnNamesTheColumnAndTheHeader() throws IOException {
        String f = write("v.csv", "req_id,client,req_time_s,prompt_len\n0,a,0.0,13\n");
        failsLoading("vtc:" + f).hasMessage(f + ":1: missing column 'output_len' (the header has: req_id, client,"
                + " req_time_s, prompt_len)");
    }

    @Test
    void missingJsonField() throws IOException {
        String f = write("m.jsonl", MOON_OK + "{\"timestamp\": 6, \"input_length\": 600, \"output_length\": 3}\n");
        failsLoading("mooncake:" + f).hasMessage(f + ":2: field 'hash_ids': missing");
    }

    @Test
    void negativeLength() throws IOException {
        String f = write("v.csv", "req_id,client,req_time_s,prompt_len,output_len\n0,a,0.0,13,4\n1,a,0.5,-5,4\n");
        failsLoading("vtc:" + f).hasMessage(f + ":3: field 'prompt_len': must be >= 1, got -5");
        String m = write("m.jsonl", "{\"timestamp\": 5, \"input_length\": 600, \"output_length\": -3, \"hash_ids\": [1, 2]}");
        failsLoading("mooncake:" + m).hasMessage(m + ":1: field 'output_length': must be >= 1, got -3");
    }

    @Test
    void zeroOutputIsRejected() throws IOException {
        String f = write("a.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,0\n");
        failsLoading("azure:" + f).hasMessage(f + ":2: field 'GeneratedTokens': must be >= 1, got 0");
    }

    @Test
    void nonNumericValue() throws IOException {
        String m = write("m.jsonl", MOON_OK
                + "{\"timestamp\": 6, \"input_length\": 600, \"output_length\": \"abc\", \"hash_ids\": [1, 2]}\n");
        failsLoading("mooncake:" + m).hasMessage(m + ":2: field 'output_length': expected a positive integer, got \"abc\"");
        String f = write("x.csv", "arrived_at,num_prefill_tokens,num_decode_tokens\n0.0,374,44\n1.5,abc,9\n");
        failsLoading("vidur:" + f).hasMessage(f + ":3: field 'num_prefill_tokens': expected a non-negative integer,"
                + " got \"abc\"");
        String t = write("t.csv", "arrived_at,num_prefill_tokens,num_decode_tokens\nsoon,374,44\n");
        failsLoading("vidur:" + t).hasMessage(t + ":2: field 'arrived_at': expected a decimal number of seconds,"
                + " got \"soon\"");
        String h = write("h.jsonl", "{\"timestamp\": 5, \"input_length\": 600, \"output_length\": 3, \"hash_ids\": [1, \"x\"]}");
        failsLoading("mooncake:" + h).hasMessage(h + ":1: field 'hash_ids': element 1: expected a non-negative integer,"
                + " got \"x\"");
    }

    @Test
    void timestampsGoingBackwards() throws IOException {
        String m = write("m.jsonl", MOON_OK + MOON_OK.replace("\"timestamp\": 5", "\"timestamp\": 4"));
        failsLoading("mooncake:" + m).hasMessage(m + ":2: field 'timestamp': time goes backwards: 4 ms here, 5 ms on"
                + " line 1 (rows must be in time order)");
        String a = write("a.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                + "2023-11-16 18:17:03.9799600,4808,10\n2023-11-16 18:17:04.0319600,3180,8\n"
                + "2023-11-16 18:17:04.0000000,110,27");
        failsLoading("azure:" + a).hasMessage(a + ":4: field 'TIMESTAMP': time goes backwards: 20040 µs here, 52000 µs"
                + " on line 3 (rows must be in time order)");
        String v = write("v.csv", "req_id,client,req_time_s,prompt_len,output_len\n0,a,1.0,13,4\n1,a,0.5,5,4\n");
        failsLoading("vtc:" + v).hasMessage(v + ":3: field 'req_time_s': time goes backwards: 500000 µs here,"
                + " 1000000 µs on line 2 (rows must be in time order)");
    }

    @Test
    void truncatedLastJsonLineNamesTheFieldItStopsIn() throws IOException {
        String m = write("m.jsonl", MOON_OK + "{\"timestamp\": 6, \"input_length\": 600, \"output_length\": 3, \"hash_ids\": [1,");
        failsLoading("mooncake:" + m).hasMessage(m + ":2: field 'hash_ids': the line ends inside this field's value"
                + " (truncated line?)");
        String n = write("n.jsonl", MOON_OK + "{\"timestamp\": 6, \"input_length\": 60");
        failsLoading("mooncake:" + n).hasMessage(n + ":2: field 'input_length': the line ends after this field,"
                + " before the object is closed (truncated line?)");
    }

    @Test
    void truncatedLastCsvRowNamesTheMissingColumn() throws IOException {
        String a = write("a.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n"
                + "2023-11-16 18:17:04.0319600,31");
        failsLoading("azure:" + a).hasMessage(a + ":3: field 'GeneratedTokens': missing: the row has 2 of 3 columns"
                + " (truncated line?)");
    }

    @Test
    void rowWithTooManyColumns() throws IOException {
        String a = write("a.csv", "arrived_at,num_prefill_tokens,num_decode_tokens\n0.0,374,44,9\n");
        failsLoading("vidur:" + a).hasMessage(a + ":2: the row has 4 columns, the header has 3");
    }

    @Test
    void mooncakeHashIdsMustCoverTheInput() throws IOException {
        String m = write("m.jsonl", "{\"timestamp\": 5, \"input_length\": 1025, \"output_length\": 3, \"hash_ids\": [1, 2]}");
        failsLoading("mooncake:" + m).hasMessage(m + ":1: field 'hash_ids': has 2 ids, expected ceil(input_length / 512)"
                + " = 3");
    }

    @Test
    void badAzureTimestamp() throws IOException {
        String a = write("a.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16T18:17,4808,10\n");
        failsLoading("azure:" + a).hasMessage(a + ":2: field 'TIMESTAMP': expected a timestamp yyyy-MM-dd"
                + " HH:mm:ss.SSSSSSS, got \"2023-11-16T18:17\"");
    }

    @Test
    void unknownFormatListsTheKnownOnes() {
        failsLoading("lirs:/tmp/x").hasMessage("workload address 'lirs:/tmp/x': unknown format 'lirs' (known:"
                + " mooncake, azure, vidur, lengths, vtc, schedproof, gen, builtin)");
        failsLoading("/tmp/x.csv").hasMessageContaining("expected 'format:path'").hasMessageContaining("mooncake, azure");
        failsLoading("builtin:nope").hasMessageContaining("unknown builtin workload 'nope' (known: vtc, default, azure-conv, "
                + "azure-code, mooncake-conversation, mooncake-synthetic, sharegpt, arxiv, splitwise-conv)");
        failsLoading("gen:nope").hasMessageContaining("unknown generator 'nope' (known: poisson, bursty");
    }

    @Test
    void missingFile() {
        String f = dir.resolve("absent.csv").toString();
        failsLoading("azure:" + f).hasMessage(f + ": no such file");
    }

    @Test
    void unknownOrBadOptions() throws IOException {
        String f = write("v.csv", "arrived_at,num_prefill_tokens,num_decode_tokens\n0.0,374,44\n");
        failsLoading("vidur:" + f + "?qps=3").hasMessage("workload address 'vidur:" + f + "?qps=3': unknown option"
                + " 'qps' for format 'vidur' (known: limit)");
        String l = write("l.csv", "num_prefill_tokens,num_decode_tokens\n3,4\n");
        failsLoading("lengths:" + l + "?qps=fast").hasMessage("workload address 'lengths:" + l
                + "?qps=fast': option 'qps': expected a number, got \"fast\"");
        failsLoading("lengths:" + l + "?qps=0").hasMessageContaining("option 'qps': must be in (0, ");
        failsLoading("lengths:" + l + "?cv=2").hasMessageContaining("option 'cv': only applies to arrival=gamma");
        failsLoading("gen:poisson?requests=5&requests=6").hasMessageContaining("option 'requests' given twice");
        failsLoading("gen:poisson?input=0..5").hasMessageContaining("option 'input': expected N, A..B");
    }

    @Test
    void nothingPartialButLimitReadsOnlyWhatItNeeds() throws IOException {
        StringBuilder text = new StringBuilder("arrived_at,num_prefill_tokens,num_decode_tokens\n");
        for (int i = 0; i < 10; i++) {
            text.append(i).append(".5,").append(100 + i).append(",7\n");
        }
        text.append("11.0,oops,7\n");
        String f = write("v.csv", text.toString());
        failsLoading("vidur:" + f).hasMessageStartingWith(f + ":12: field 'num_prefill_tokens'");
        Workload first = Workloads.load("vidur:" + f, 10);
        assertThat(first.size()).isEqualTo(10);
        assertThat(first.requests().get(9).promptLength()).isEqualTo(109);
        assertThat(Workloads.load("vidur:" + f + "?limit=10").digest()).isEqualTo(first.digest());
    }

    @Test
    void gzipIsTransparentAndItsFaultsNamed() throws IOException {
        String plain = "arrived_at,num_prefill_tokens,num_decode_tokens\n0.0,374,44\n1.25,9,3";
        Path gz = dir.resolve("v.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(plain.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Workloads.load("vidur:" + gz).digest())
                .isEqualTo(Workloads.load("vidur:" + write("v.csv", plain)).digest());
        byte[] bytes = Files.readAllBytes(gz);
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 12));
        failsLoading("vidur:" + cut).hasMessageContaining(cut + ":").hasMessageContaining("gzip data truncated or corrupt");
        Path notGz = dir.resolve("plain.csv.gz");
        Files.writeString(notGz, plain);
        failsLoading("vidur:" + notGz).hasMessageStartingWith(notGz + ": not a gzip file");
    }
}
