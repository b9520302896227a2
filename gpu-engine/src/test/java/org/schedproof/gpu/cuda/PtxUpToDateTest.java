package org.schedproof.gpu.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed PTX was built from the committed kernel sources: their hashes match the record build-ptx.sh wrote. */
class PtxUpToDateTest {
    private static final Path CUDA = Path.of("src/main/cuda");
    private static final Path PTX = Path.of("src/main/resources/org/schedproof/gpu/cuda");

    @Test
    void committedPtxRecordsTheHashOfEveryKernelSource() throws Exception {
        StringBuilder expected = new StringBuilder();
        List<Path> sources;
        try (Stream<Path> s = Files.list(CUDA)) {
            sources = s.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path cu : sources) {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(cu));
            expected.append(HexFormat.of().formatHex(hash)).append("  ").append(cu.getFileName()).append('\n');
            String ptx = cu.getFileName().toString().replace(".cu", ".ptx");
            assertThat(PTX.resolve(ptx)).as("PTX of " + cu.getFileName() + "; run src/main/cuda/build-ptx.sh").exists();
        }
        String recorded = Files.readString(PTX.resolve("sources.sha256"), StandardCharsets.UTF_8);
        assertThat(recorded).as("kernel sources changed since the PTX was built: run gpu-engine/src/main/cuda/build-ptx.sh"
                + " (or any build where nvcc exists) and commit its outputs").isEqualTo(expected.toString());
    }

    @Test
    void packagedPtxDefinesEveryKernelTheHostLaunches() {
        String ptx = new String(CudaModel.ptx(), StandardCharsets.US_ASCII);
        for (String kernel : List.of("gen_weights", "embed", "rmsnorm", "store_kv", "attention", "reglu", "argmax",
                "matmul_requant_t8", "matmul_requant_t64", "matmul_raw_t8", "matmul_raw_t64", "matmul_residual_t8",
                "matmul_residual_t64")) {
            assertThat(ptx).as(kernel).contains(".entry " + kernel + "(");
        }
        assertThat(ptx).endsWith("\0");
    }
}
