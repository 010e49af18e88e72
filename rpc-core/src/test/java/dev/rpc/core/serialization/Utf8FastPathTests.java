package dev.rpc.core.serialization;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The word-at-a-time check that lets plain JSON skip the full UTF-8 walk finds every byte that needs the walk. */
class Utf8FastPathTests {

    @Test
    void plainAsciiOfEveryLengthAndAlignmentPasses() {
        for (int length = 0; length <= 40; length++) {
            for (int offset = 0; offset < 8; offset++) {
                assertThat(check(body(length), offset)).as("length %d, offset %d", length, offset).isTrue();
            }
        }
    }

    @Test
    void aBackslashOrAHighByteAtAnyPositionIsFound() {
        for (int length = 1; length <= 40; length++) {
            for (int position = 0; position < length; position++) {
                for (byte special : new byte[] { '\\', (byte) 0x80, (byte) 0xC0, (byte) 0xFF, (byte) 0xDC }) {
                    byte[] bytes = body(length);
                    bytes[position] = special;
                    for (int offset = 0; offset < 3; offset++) {
                        assertThat(check(bytes, offset)).as("length %d, byte %02x at %d, offset %d", length, special,
                                position, offset).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void bytesNeighbouringABackslashInValueAreNotMistakenForIt() {
        byte[] bytes = body(32);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('\\' + (i % 2 == 0 ? 1 : -1)); // ']' and '[': one bit away from a backslash
        }

        assertThat(check(bytes, 0)).isTrue();
    }

    private static byte[] body(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    /** Checks {@code bytes} placed {@code offset} bytes into a buffer, so that words start at every alignment. */
    private static boolean check(byte[] bytes, int offset) {
        ByteBuf buf = Unpooled.buffer(offset + bytes.length + 8);
        try {
            buf.writeZero(offset).writeBytes(bytes).writeBytes(new byte[] { '\\', '\\', '\\', '\\', '\\', '\\', '\\', '\\' });
            return Utf8Validator.isAsciiWithoutEscapes(buf, offset, offset + bytes.length);
        }
        finally {
            buf.release();
        }
    }
}
