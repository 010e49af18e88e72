package dev.rpc.core.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rpc.core.internal.codec.FrameDecoder;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.internal.codec.RequestFrame;
import dev.rpc.core.internal.codec.ResponseFrame;
import dev.rpc.core.serialization.JacksonSerialization;
import dev.rpc.core.serialization.MethodSerializer;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/PROTOCOL.md} and the code in step: the hex examples are what the code writes for the
 * documented call, and the numbers the page states are the code's constants.
 */
class ProtocolDocumentationTests {

    /** The documented example service: {@code String echo(String)} under the name {@code demo.Echo}. */
    interface Echo {
        String echo(String text);
    }

    private static String document;

    private static List<byte[]> examples;

    @BeforeAll
    static void readDocument() throws IOException {
        Path path = Path.of("..", "docs", "PROTOCOL.md");
        if (!Files.exists(path)) {
            path = Path.of("docs", "PROTOCOL.md"); // run from the project root
        }
        document = Files.readString(path, StandardCharsets.UTF_8);
        examples = hexBlocks(section(document, "## Examples"));
    }

    @Test
    void documentHasTwoHexExamples() {
        assertThat(examples).hasSize(2);
    }

    @Test
    void requestExampleIsWhatFrameWriterAndJsonWriteForTheDocumentedCall() {
        ServiceDescriptor service = ServiceDescriptor.of(Echo.class, "demo.Echo");
        MethodDescriptor echo = service.methods().get(0);
        MethodSerializer serializer = JacksonSerialization.of(SerializationFormat.JSON).forMethod(echo);

        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            int start = FrameWriter.beginFrame(out, FrameType.REQUEST, 0, SerializationFormat.JSON.id(), 1L);
            FrameWriter.writeRequestHeader(out, service.id(), echo.id(), echo.parameterCount(), 2_000_000L, Map.of());
            FrameWriter.endHeader(out, start);
            serializer.writeArguments(new Object[] { "hi" }, out);
            FrameWriter.endFrame(out, start);

            assertThat(hex(ByteBufUtil.getBytes(out))).isEqualTo(hex(examples.get(0)));
        }
        finally {
            out.release();
        }
    }

    @Test
    void responseExampleIsWhatFrameWriterAndJsonWriteForTheDocumentedResult() {
        MethodDescriptor echo = ServiceDescriptor.of(Echo.class, "demo.Echo").methods().get(0);
        MethodSerializer serializer = JacksonSerialization.of(SerializationFormat.JSON).forMethod(echo);

        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            int start = FrameWriter.beginFrame(out, FrameType.RESPONSE, Protocol.FLAG_EXECUTED,
                    SerializationFormat.JSON.id(), 1L);
            FrameWriter.writeResponseHeader(out, RpcStatus.OK, "", "", Protocol.NO_DECLARED_EXCEPTION);
            FrameWriter.endHeader(out, start);
            serializer.writeResult("hi", out);
            FrameWriter.endFrame(out, start);

            assertThat(hex(ByteBufUtil.getBytes(out))).isEqualTo(hex(examples.get(1)));
        }
        finally {
            out.release();
        }
    }

    @Test
    void examplesDecodeToTheDocumentedCallAndResult() {
        MethodDescriptor echo = ServiceDescriptor.of(Echo.class, "demo.Echo").methods().get(0);
        MethodSerializer serializer = JacksonSerialization.of(SerializationFormat.JSON).forMethod(echo);
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(Protocol.DEFAULT_MAX_FRAME_SIZE,
                Protocol.DEFAULT_MAX_HEADER_SIZE, 10_000));
        try {
            channel.writeInbound(PooledByteBufAllocator.DEFAULT.buffer().writeBytes(examples.get(0)).writeBytes(examples.get(1)));

            RequestFrame request = channel.readInbound();
            try {
                assertThat(request.requestId()).isEqualTo(1L);
                assertThat(request.flags()).isZero();
                assertThat(request.format()).isEqualTo(SerializationFormat.JSON.id());
                assertThat(request.serviceId()).isEqualTo(Protocol.fnv1a32("demo.Echo"));
                assertThat(request.methodId()).isEqualTo(Protocol.fnv1a32("echo(java.lang.String)"));
                assertThat(request.argumentCount()).isEqualTo(1);
                assertThat(request.timeoutMicros()).isEqualTo(2_000_000L);
                assertThat(request.metadata()).isEmpty();
                assertThat(serializer.readArguments(request.body())).containsExactly("hi");
            }
            finally {
                request.release();
            }
            ResponseFrame response = channel.readInbound();
            try {
                assertThat(response.requestId()).isEqualTo(1L);
                assertThat(response.executed()).isTrue();
                assertThat(response.status()).isEqualTo(RpcStatus.OK);
                assertThat(response.declaredIndex()).isEqualTo(Protocol.NO_DECLARED_EXCEPTION);
                assertThat(serializer.readResult(response.body())).isEqualTo("hi");
            }
            finally {
                response.release();
            }
        }
        finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void fnvValuesStatedInTheExamplesMatchProtocolFnv1a32() {
        Matcher matcher = Pattern.compile("^((?:[0-9a-f]{2} ){4})\\s+\\S.*= fnv1a32\\(\"([^\"]+)\"\\)\\s*$",
                Pattern.MULTILINE).matcher(section(document, "## Examples"));
        Map<String, Integer> stated = new LinkedHashMap<>();
        while (matcher.find()) {
            stated.put(matcher.group(2), (int) Long.parseLong(matcher.group(1).replace(" ", ""), 16));
        }

        assertThat(stated).containsOnlyKeys("demo.Echo", "echo(java.lang.String)");
        stated.forEach((text, value) -> assertThat(Protocol.fnv1a32(text))
                .as("fnv1a32(\"%s\")", text).isEqualTo(value));
        assertThat(ServiceDescriptor.of(Echo.class, "demo.Echo").id()).isEqualTo(stated.get("demo.Echo"));
        assertThat(ServiceDescriptor.of(Echo.class, "demo.Echo").methods().get(0).id())
                .isEqualTo(stated.get("echo(java.lang.String)"));
    }

    @Test
    void fnv1a32IsTheAlgorithmTheDocumentDescribes() {
        Matcher matcher = Pattern.compile("start from `0x([0-9A-Fa-f]{8})`; for each byte,\\s*`hash \\^= byte; "
                + "hash \\*= 0x([0-9A-Fa-f]{8})`").matcher(document);
        assertThat(matcher.find()).as("the FNV-1a description in PROTOCOL.md").isTrue();
        int offsetBasis = (int) Long.parseLong(matcher.group(1), 16);
        int prime = (int) Long.parseLong(matcher.group(2), 16);

        for (String text : List.of("", "a", "foobar", "demo.Echo", "reserve(java.lang.String,int)", "日本語 ✓ \uD83D\uDE00")) {
            int hash = offsetBasis;
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                hash ^= b & 0xFF;
                hash *= prime;
            }
            assertThat(Protocol.fnv1a32(text)).as("fnv1a32(\"%s\")", text).isEqualTo(hash);
        }
        // published FNV-1a 32 test vectors
        assertThat(Protocol.fnv1a32("")).isEqualTo(0x811C9DC5);
        assertThat(Protocol.fnv1a32("a")).isEqualTo(0xE40C292C);
        assertThat(Protocol.fnv1a32("foobar")).isEqualTo(0xBF9CF968);
    }

    @Test
    void frameTypeTableMatchesFrameType() {
        Map<Integer, String> documented = tableColumns(section(document, "### Frame types"), 0, 1);
        Map<Integer, String> code = new LinkedHashMap<>();
        for (FrameType type : FrameType.values()) {
            code.put(type.code(), type.name());
        }
        assertThat(documented).isEqualTo(code);
    }

    @Test
    void statusCodeTableMatchesRpcStatus() {
        Map<Integer, String> documented = tableColumns(section(document, "## Status codes"), 0, 1);
        Map<Integer, String> code = new LinkedHashMap<>();
        for (RpcStatus status : RpcStatus.values()) {
            code.put(status.code(), status.name());
        }
        assertThat(documented).isEqualTo(code);
    }

    @Test
    void prefixTableMatchesProtocolConstants() {
        String layout = section(document, "## Frame layout");
        assertThat(layout).contains("| 6 | 8 | request id |", "| 14 | 2 | header length |", "| 16 | 4 | body length |",
                "| 20 | | header block |");
        assertThat(Protocol.HEADER_LENGTH_OFFSET).isEqualTo(14);
        assertThat(Protocol.BODY_LENGTH_OFFSET).isEqualTo(16);
        assertThat(Protocol.PREFIX_LENGTH).isEqualTo(20);
        assertThat(layout).contains("always `0x52 0x50`");
        assertThat(Protocol.MAGIC).isEqualTo(0x5250);
        assertThat(layout).contains("protocol version, `1` here");
        assertThat(Protocol.VERSION).isEqualTo(1);
        assertThat(layout).contains("bit 0 `CALLBACK`", "bit 1 `EXECUTED`");
        assertThat(Protocol.FLAG_CALLBACK).isEqualTo(1 << 0);
        assertThat(Protocol.FLAG_EXECUTED).isEqualTo(1 << 1);
        assertThat(layout).contains("`0` none (the frame has no body), `1` JSON, `2` Smile, `3` CBOR");
        assertThat(Protocol.FORMAT_NONE).isZero();
        assertThat(SerializationFormat.JSON.id()).isEqualTo(1);
        assertThat(SerializationFormat.SMILE.id()).isEqualTo(2);
        assertThat(SerializationFormat.CBOR.id()).isEqualTo(3);
        assertThat(layout).contains("default 8 MiB", "default 8 KiB");
        assertThat(Protocol.DEFAULT_MAX_FRAME_SIZE).isEqualTo(8 * 1024 * 1024);
        assertThat(Protocol.DEFAULT_MAX_HEADER_SIZE).isEqualTo(8 * 1024);
        assertThat(section(document, "### RESPONSE header block")).contains("`0xFF` for none");
        assertThat(Protocol.NO_DECLARED_EXCEPTION).isEqualTo(0xFF);
    }

    // ---------------------------------------------------------------- parsing the page

    /** Returns the text from a heading to the next heading of the same or a higher level. */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("heading %s in PROTOCOL.md", heading).isNotNegative();
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        Matcher next = Pattern.compile("\n#{1," + (level.length() - 1) + "} ").matcher(markdown);
        int end = next.find(start + heading.length() + 1) ? next.start() : markdown.length();
        return markdown.substring(start + 1, end);
    }

    /** Every fenced code block of the text, read as hex bytes: each line's leading run of two-digit groups. */
    static List<byte[]> hexBlocks(String text) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(text);
        Pattern leadingHex = Pattern.compile("^((?:[0-9a-fA-F]{2}(?: |$))+)");
        while (block.find()) {
            StringBuilder hex = new StringBuilder();
            for (String line : block.group(1).split("\n")) {
                Matcher bytes = leadingHex.matcher(line);
                assertThat(bytes.find()).as("a line of hex in an example: %s", line).isTrue();
                hex.append(bytes.group(1).replace(" ", ""));
            }
            blocks.add(HexFormat.of().parseHex(hex));
        }
        return blocks;
    }

    /** Reads a markdown table's rows as number (column {@code key}) to word (column {@code value}). */
    private static Map<Integer, String> tableColumns(String text, int key, int value) {
        Map<Integer, String> rows = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] cells = line.substring(1).split("\\|");
            String first = cells[key].trim();
            if (first.matches("\\d+")) {
                rows.put(Integer.parseInt(first), cells[value].trim());
            }
        }
        return rows;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
