package org.schedproof.conformance.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capped line reader: numbering, the cap to the byte, chunk boundaries, and how stdout ended. */
class StdoutLinesTest {
    /** Everything the reader queues for {@code bytes}, delivered {@code chunk} bytes per read. */
    static List<StdoutLines.Item> read(byte[] bytes, int cap, int chunk) throws Exception {
        InputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        StdoutLines lines = new StdoutLines(in, cap);
        lines.run();
        List<StdoutLines.Item> out = new ArrayList<>();
        for (StdoutLines.Item i; (i = lines.poll(0)) != null; ) out.add(i);
        return out;
    }

    static String text(StdoutLines.Item i) {
        return new String(((StdoutLines.Line) i).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void linesAreNumberedFromOneWithoutTheirEndsWhateverTheChunks() throws Exception {
        byte[] b = "{\"a\":1}\n\n{\"b\":2}\r\nxyz\n".getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 2, 3, 7, 1 << 16}) {
            List<StdoutLines.Item> items = read(b, 64, chunk);
            assertThat(items).hasSize(5);
            assertThat(items.subList(0, 4)).extracting(StdoutLinesTest::text)
                    .containsExactly("{\"a\":1}", "", "{\"b\":2}\r", "xyz");
            assertThat(((StdoutLines.Line) items.get(3)).number()).isEqualTo(4);
            assertThat(items.get(4)).isEqualTo(new StdoutLines.Closed(4, 0, null));
        }
    }

    @Test
    void aLineOfExactlyTheCapIsReadAndOneByteMoreIsTooLong() throws Exception {
        String atCap = "x".repeat(64);
        for (int chunk : new int[] {1, 5, 64, 65, 1 << 16}) {
            List<StdoutLines.Item> ok = read((atCap + "\n").getBytes(StandardCharsets.UTF_8), 64, chunk);
            assertThat(text(ok.get(0))).isEqualTo(atCap);
            List<StdoutLines.Item> over = read(("ok\n" + atCap + "x\nnever read\n").getBytes(StandardCharsets.UTF_8),
                    64, chunk);
            assertThat(over).hasSize(2);
            assertThat(over.get(1)).isEqualTo(new StdoutLines.TooLong(2, 64));
        }
    }

    @Test
    void aLineNeverEndedIsTooLongOnceOverTheCapAndCountedAsPartialAtTheEndOfStdout() throws Exception {
        assertThat(read("y".repeat(1000).getBytes(StandardCharsets.UTF_8), 64, 1 << 16))
                .containsExactly(new StdoutLines.TooLong(1, 64));
        List<StdoutLines.Item> items = read("{}\n{\"type\":".getBytes(StandardCharsets.UTF_8), 64, 3);
        assertThat(items.get(1)).isEqualTo(new StdoutLines.Closed(1, 8, null));
    }
}
