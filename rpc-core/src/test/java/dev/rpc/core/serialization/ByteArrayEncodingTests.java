package dev.rpc.core.serialization;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** How a {@code byte[]} travels: base64 text in JSON, raw bytes in the binary formats. */
class ByteArrayEncodingTests {

    interface Files {

        byte[] read(byte[] content);
    }

    private static byte[] content() {
        byte[] content = new byte[3000];
        new Random(42).nextBytes(content);
        // a Smile header and Smile's end-of-content marker inside the bytes must not end the body early
        byte[] markers = { ':', ')', '\n', 0x05, (byte) 0xFF, (byte) 0xFE };
        System.arraycopy(markers, 0, content, 100, markers.length);
        return content;
    }

    @Test
    void jsonCarriesBase64TextOfFourThirdsTheSize() {
        MethodSerializer serializer = Bodies.serializer(Files.class, "read", SerializationFormat.JSON);
        byte[] content = content();

        byte[] result = Bodies.writeResult(serializer, content);
        byte[] arguments = Bodies.writeArguments(serializer, (Object) content);

        String base64 = Base64.getEncoder().encodeToString(content);
        assertThat(new String(result, StandardCharsets.UTF_8)).isEqualTo("\"" + base64 + "\"");
        assertThat(new String(arguments, StandardCharsets.UTF_8)).isEqualTo("[\"" + base64 + "\"]");
        assertThat(result).hasSize(4002);
        assertThat((byte[]) Bodies.readResult(serializer, result)).isEqualTo(content);
    }

    @ParameterizedTest
    @EnumSource(value = SerializationFormat.class, names = { "SMILE", "CBOR" })
    void binaryFormatsCarryTheRawBytes(SerializationFormat format) {
        MethodSerializer serializer = Bodies.serializer(Files.class, "read", format);
        byte[] content = content();

        byte[] result = Bodies.writeResult(serializer, content);
        byte[] arguments = Bodies.writeArguments(serializer, (Object) content);

        assertThat(result.length).as("a header and a length, then the bytes").isBetween(3000, 3010);
        assertThat(arguments.length).isBetween(3000, 3012);
        // ISO-8859-1 maps each byte to one char: the body contains the content byte for byte
        assertThat(new String(result, StandardCharsets.ISO_8859_1)).contains(new String(content, StandardCharsets.ISO_8859_1));
        assertThat((byte[]) Bodies.readResult(serializer, result)).isEqualTo(content);
        assertThat((byte[]) Bodies.readArguments(serializer, arguments)[0]).isEqualTo(content);
    }
}
