package org.collab4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class NpyTest {
    @Test
    void headerIsNumpysVersion1LayoutPaddedTo64Bytes() {
        byte[] h = Npy.header("<f4", 3, 2);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";
        // numpy 2.4's np.save(zeros((3, 2), '<f4')): 10 bytes, then dict, 20 spaces of growth room,
        // 38 spaces of padding and '\n': 128 bytes in all
        assertThat(h.length % 64).isZero();
        assertThat(Arrays.copyOf(h, 8)).containsExactly(0x93 - 256, 'N', 'U', 'M', 'P', 'Y', 1, 0);
        int hlen = (h[8] & 0xFF) | (h[9] & 0xFF) << 8;
        assertThat(hlen).isEqualTo(h.length - 10);
        String text = new String(h, 10, hlen, StandardCharsets.US_ASCII);
        assertThat(text).startsWith(dict).endsWith("\n");
        assertThat(text.substring(dict.length(), hlen - 1)).isBlank();
        assertThat(h.length).isEqualTo(128);
        assertThat(text).isEqualTo(dict + " ".repeat(58) + "\n");
        assertThat(new String(Npy.header("<i4", 5), StandardCharsets.US_ASCII)).contains("'shape': (5,), }");
    }

    @Test
    void floatPayloadIsLittleEndianInCOrder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        float[] data = {1f, -2.5f, 0.125f, 3f, 4f, 1e-3f};
        Npy.writeFloats(out, data, 2, 3);
        byte[] b = out.toByteArray();
        assertThat(b.length).isEqualTo(128 + 24);
        ByteBuffer p = ByteBuffer.wrap(b, 128, 24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) assertThat(p.getFloat()).isEqualTo(v);
        // 1.0f little-endian is 00 00 80 3f
        assertThat(Arrays.copyOfRange(b, 128, 132)).containsExactly(0, 0, 0x80 - 256, 0x3f);
        assertThatThrownBy(() -> Npy.writeFloats(new ByteArrayOutputStream(), data, 4, 2)).hasMessageContaining("8 values");
    }

    @Test
    void stringsAreFixedWidthUtf32() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeStrings(out, new String[] {"ab", "é", null});
        byte[] b = out.toByteArray();
        assertThat(new String(b, 0, 128, StandardCharsets.ISO_8859_1)).contains("'descr': '<U2'").contains("'shape': (3,)");
        ByteBuffer p = ByteBuffer.wrap(b, 128, b.length - 128).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new int[] {p.getInt(), p.getInt(), p.getInt(), p.getInt(), p.getInt(), p.getInt()})
                .containsExactly('a', 'b', 0xE9, 0, 0, 0);
        assertThat(p.hasRemaining()).isFalse();
    }

    @Test
    void intsAreLittleEndianInt32() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeInts(out, new int[] {1, 258});
        byte[] b = out.toByteArray();
        assertThat(Arrays.copyOfRange(b, 128, 136)).containsExactly(1, 0, 0, 0, 2, 1, 0, 0);
    }
}
