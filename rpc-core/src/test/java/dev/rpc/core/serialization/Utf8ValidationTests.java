package dev.rpc.core.serialization;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORMapper;
import tools.jackson.dataformat.cbor.CBORWriteFeature;
import tools.jackson.dataformat.smile.SmileFactory;
import tools.jackson.dataformat.smile.SmileMapper;
import tools.jackson.dataformat.smile.SmileWriteFeature;

import static dev.rpc.core.serialization.Bodies.readArguments;
import static dev.rpc.core.serialization.Bodies.readResult;
import static dev.rpc.core.serialization.Bodies.serializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Text that is not well-formed UTF-8 never reaches a method, in any format: Jackson 3 would decode some of it
 * into text nobody sent (see {@link Utf8Validator}). Bodies are built byte by byte, as a hostile peer would.
 */
class Utf8ValidationTests {

    interface Api {
        String echo(String text);

        Map<String, Integer> keys(Map<String, Integer> map);

        Object any(Object value);
    }

    /** Malformed sequences, each between two ASCII letters; those marked * Jackson 3.1 itself lets through. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("overlong '/' *", "c0af"),
                Arguments.of("overlong NUL *", "c080"),
                Arguments.of("overlong three-byte *", "e080af"),
                Arguments.of("overlong four-byte *", "f08080af"),
                Arguments.of("high surrogate *", "eda080"),
                Arguments.of("low surrogate *", "edbfbf"),
                Arguments.of("past U+10FFFF *", "f4908080"),
                Arguments.of("lead byte F5", "f5808080"),
                Arguments.of("byte FF", "ff"),
                Arguments.of("lone continuation", "80"),
                Arguments.of("continuation missing *", "c328"),
                Arguments.of("four-byte sequence cut short *", "f09f98"),
                Arguments.of("three-byte sequence cut short *", "e282"));
    }

    // ---------------------------------------------------------------- what passes

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void wellFormedTextOfEveryKindAndLengthPassesAndIsWalkedToTheEnd(SerializationFormat format) {
        Random random = new Random(0x5EED_0F_7E47L);
        List<ObjectMapper> writers = writers(format);
        Utf8Validator validator = new Utf8Validator(format, JacksonSerialization.DEFAULT_MAX_NESTING_DEPTH);
        for (int round = 0; round < 300; round++) {
            Object value = randomValue(random, 0);
            for (ObjectMapper writer : writers) {
                byte[] body = writer.writeValueAsBytes(value);
                assertThat(validator.scan(Unpooled.wrappedBuffer(body)))
                        .as("round %d, %s: %s", round, writer.getClass().getSimpleName(), HexFormat.of().formatHex(body))
                        .isEqualTo(Utf8Validator.VALID);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void everyUnicodePlaneArrivesIntact(SerializationFormat format) {
        String text = "a\u00e9\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\ud83d\ude00\udbff\udfffz";
        MethodSerializer echo = serializer(Api.class, "echo", format);

        assertThat(readArguments(echo, Bodies.writeArguments(echo, text))).containsExactly(text);
        assertThat(readResult(echo, Bodies.writeResult(echo, text))).isEqualTo(text);
    }

    @Test
    void jsonEscapedSurrogatePairsAndEscapedBackslashesPass() {
        MethodSerializer echo = serializer(Api.class, "echo", SerializationFormat.JSON);

        assertThat(readArguments(echo, ascii("[\"\\ud83d\\ude00 \\\\udc00 \\\" \\u00e9\"]")))
                .containsExactly("\ud83d\ude00 \\udc00 \" \u00e9");
    }

    // ---------------------------------------------------------------- what is refused

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedTextInAJsonStringArgumentIsRefused(String name, String hex) {
        byte[] body = concat(ascii("[\"a"), hex(hex), ascii("z\"]"));

        assertRefused(SerializationFormat.JSON, body, 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedTextInACborStringArgumentIsRefused(String name, String hex) {
        byte[] text = concat(ascii("a"), hex(hex), ascii("z"));
        byte[] body = concat(new byte[] { (byte) 0x81 }, cborHead(3, text.length), text);

        assertRefused(SerializationFormat.CBOR, body, 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedTextInEverySmileStringKindIsRefused(String name, String hex) {
        byte[] text = concat(ascii("a"), hex(hex), ascii("z"));
        byte[] padded = concat(text, ascii("y".repeat(40)));
        byte[] longer = concat(text, ascii("x".repeat(100)));

        assertRefused(SerializationFormat.SMILE, smileArray(concat(new byte[] { (byte) (0x80 + text.length - 2) }, text)), 7);
        assertRefused(SerializationFormat.SMILE, smileArray(concat(new byte[] { (byte) (0xA0 + padded.length - 34) }, padded)), 7);
        assertRefused(SerializationFormat.SMILE, smileArray(concat(new byte[] { (byte) 0xE4 }, longer, new byte[] { (byte) 0xFC })), 7);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void malformedTextInAPropertyNameIsRefused(SerializationFormat format) {
        byte[] name = hex("61c0af"); // "a" then an overlong '/'
        byte[] body = switch (format) {
            case JSON -> concat(ascii("[{\""), name, ascii("\":1}]"));
            case CBOR -> concat(hex("81a1"), cborHead(3, name.length), name, hex("01"));
            case SMILE -> smileArray(concat(hex("fa"), new byte[] { (byte) (0xC0 + name.length - 2) }, name, hex("c2fb")));
        };
        MethodSerializer keys = serializer(Api.class, "keys", format);

        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> readArguments(keys, body))
                .withMessageContaining("is not well-formed UTF-8");
    }

    @Test
    void smileTextDeclaredAsciiMustBeAscii() {
        assertRefused(SerializationFormat.SMILE, smileArray(hex("42" + "61e97a")), 7); // tiny ASCII "a\u00e9z" as Latin-1
        assertRefused(SerializationFormat.SMILE, smileArray(concat(hex("e0"), ascii("x".repeat(70)), hex("e9fc"))), 76);
        MethodSerializer keys = serializer(Api.class, "keys", SerializationFormat.SMILE);
        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> readArguments(keys, smileArray(hex("fa" + "8161e9" + "c2fb"))))
                .withMessageContaining("is not well-formed UTF-8");
    }

    @Test
    void cborTextChunksAreCheckedEachOnItsOwnAndMustBeText() {
        byte[] splitCodePoint = hex("81" + "7f" + "62" + "61c3" + "62" + "a97a" + "ff"); // "a\u00e9z", the \u00e9 cut in two
        byte[] byteStringChunk = hex("81" + "7f" + "61" + "61" + "42" + "c0af" + "ff");
        byte[] wellFormed = hex("81" + "7f" + "63" + "61c3a9" + "61" + "7a" + "ff");

        assertRefused(SerializationFormat.CBOR, splitCodePoint, 4);
        assertRefused(SerializationFormat.CBOR, byteStringChunk, 4);
        assertThat(readArguments(serializer(Api.class, "echo", SerializationFormat.CBOR), wellFormed))
                .containsExactly("a\u00e9z");
    }

    @Test
    void jsonEscapesThatLeaveASurrogateUnpairedAreRefused() {
        assertRefused(SerializationFormat.JSON, ascii("[\"a\\ud800z\"]"), 3);
        assertRefused(SerializationFormat.JSON, ascii("[\"a\\udc00\"]"), 3);
        assertRefused(SerializationFormat.JSON, ascii("[\"\\ud83d\\ud83d\"]"), 2);
        assertRefused(SerializationFormat.JSON, ascii("[\"\\ud83d\"]"), 2);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void resultsAreCheckedLikeArguments(SerializationFormat format) {
        byte[] text = hex("61eda08061");
        byte[] body = switch (format) {
            case JSON -> concat(ascii("\""), text, ascii("\""));
            case CBOR -> concat(cborHead(3, text.length), text);
            case SMILE -> concat(hex("3a290a00"), new byte[] { (byte) (0x80 + text.length - 2) }, text);
        };

        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> readResult(serializer(Api.class, "echo", format), body))
                .withMessageContaining("cannot decode the result").withMessageContaining("is not well-formed UTF-8");
    }

    // ---------------------------------------------------------------- messages

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void decodeFailuresSayWhereAndWhatWithoutQuotingJackson(SerializationFormat format) {
        MethodSerializer keys = serializer(Api.class, "keys", format);
        byte[] wrongType = Bodies.writeArguments(serializer(Api.class, "echo", format), "not a map");
        byte[] wrongNested = encode(format, List.of(Map.of("a", "not a number")));

        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> readArguments(keys, wrongType))
                .withMessage("cannot decode the arguments of " + Api.class.getName()
                        + ".keys(java.util.Map): argument 1 cannot be read as java.util.Map<java.lang.String, java.lang.Integer>");
        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> readArguments(keys, wrongNested))
                .withMessageEndingWith(": argument 1 at a cannot be read as java.lang.Integer from \"not a number\"");
    }

    @Test
    void malformedSyntaxAndReadLimitsAreNamedInStableWords() {
        MethodSerializer any = serializer(Api.class, "any", SerializationFormat.JSON);

        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> readArguments(any, ascii("[\"a\" x]")))
                .withMessageEndingWith(": the body is malformed")
                .withMessageNotContaining("Source").withMessageNotContaining("`");
        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> readArguments(any, ascii("[" + "[".repeat(300) + "]".repeat(300) + "]")))
                .withMessageEndingWith("it exceeds a read limit (nesting depth, or length of a string, a number or the body)");
    }

    // ---------------------------------------------------------------- helpers

    private static void assertRefused(SerializationFormat format, byte[] body, int offset) {
        MethodSerializer echo = serializer(Api.class, "echo", format);
        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> readArguments(echo, body))
                .withMessage("cannot decode the arguments of " + Api.class.getName()
                        + ".echo(java.lang.String): the text at byte " + offset + " of the body is not well-formed UTF-8");
    }

    private static List<ObjectMapper> writers(SerializationFormat format) {
        ObjectMapper production = JacksonSerialization.of(format).mapper();
        return switch (format) {
            case JSON -> List.of(production);
            case CBOR -> List.of(production, CBORMapper.builder(CBORFactory.builder()
                    .enable(CBORWriteFeature.STRINGREF).enable(CBORWriteFeature.WRITE_TYPE_HEADER).build()).build());
            case SMILE -> List.of(production, SmileMapper.builder(SmileFactory.builder()
                    .enable(SmileWriteFeature.CHECK_SHARED_STRING_VALUES).enable(SmileWriteFeature.ENCODE_BINARY_AS_7BIT)
                    .enable(SmileWriteFeature.WRITE_END_MARKER).build()).build());
        };
    }

    private static Object randomValue(Random random, int depth) {
        switch (random.nextInt(depth > 4 ? 9 : 12)) {
            case 0: return null;
            case 1: return random.nextBoolean();
            case 2: return random.nextInt(40) - 20;
            case 3: return random.nextInt();
            case 4: return random.nextLong();
            case 5: return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 6: return new BigDecimal(new BigInteger(random.nextInt(200) + 1, random), random.nextInt(40) - 20);
            case 7: return new BigInteger(random.nextInt(200) + 65, random);
            case 8: {
                byte[] bytes = new byte[random.nextInt(70)];
                random.nextBytes(bytes);
                return random.nextBoolean() ? bytes : randomText(random);
            }
            case 9: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    map.put(random.nextInt(3) == 0 ? "repeated" : randomText(random), randomValue(random, depth + 1));
                }
                return map;
            }
        }
    }

    /** Text of every UTF-8 length class, often at the boundaries of Smile's short and long forms. */
    private static String randomText(Random random) {
        int[] lengths = { 0, 1, 2, 32, 33, 34, 56, 57, 58, 64, 65, 66, 100, 5000 };
        int length = random.nextBoolean() ? lengths[random.nextInt(lengths.length)] : random.nextInt(120);
        StringBuilder text = new StringBuilder();
        boolean ascii = random.nextInt(3) == 0;
        while (text.length() < length) {
            switch (ascii ? 0 : random.nextInt(4)) {
                case 0 -> text.append((char) (0x20 + random.nextInt(0x5F)));
                case 1 -> text.append((char) (0x80 + random.nextInt(0x780)));
                case 2 -> text.append((char) (0x800 + random.nextInt(0xD000)));
                default -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
        }
        return text.toString();
    }

    private static byte[] smileArray(byte[] element) {
        return concat(hex("3a290a00f8"), element, hex("f9"));
    }

    private static byte[] cborHead(int major, int length) {
        if (length < 24) {
            return new byte[] { (byte) ((major << 5) | length) };
        }
        return new byte[] { (byte) ((major << 5) | 24), (byte) length };
    }

    private static byte[] encode(SerializationFormat format, Object value) {
        return JacksonSerialization.of(format).mapper().writeValueAsBytes(value);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
