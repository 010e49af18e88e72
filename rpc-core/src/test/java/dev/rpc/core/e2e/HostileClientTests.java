package dev.rpc.core.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerCallContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client that read only {@code docs/PROTOCOL.md} can send on purpose, over a raw socket: each is answered
 * with a clear status and a short message of the server's own, never runs a method it should not, and never
 * writes to the server's log above DEBUG.
 */
class HostileClientTests {

    /** A service to aim at. */
    public interface Probe {

        String echo(String text);

        /** Returns what {@link ServerCallContext#remainingNanos()} says while the call runs. */
        long remainingNanos();

        /** Throws an exception it does not declare, as a bug would. */
        void fail(String message);
    }

    static final class ProbeService implements Probe {

        final AtomicInteger executions = new AtomicInteger();

        @Override
        public String echo(String text) {
            executions.incrementAndGet();
            return text;
        }

        @Override
        public long remainingNanos() {
            executions.incrementAndGet();
            return ServerCallContext.current().remainingNanos();
        }

        @Override
        public void fail(String message) {
            executions.incrementAndGet();
            throw new IllegalStateException(message);
        }
    }

    private static final int SERVICE = Protocol.fnv1a32(Probe.class.getName());

    private static final int ECHO = Protocol.fnv1a32("echo(java.lang.String)");

    private static final int REMAINING = Protocol.fnv1a32("remainingNanos()");

    private final ProbeService service = new ProbeService();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    private RpcServer server;

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger("dev.rpc")).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("dev.rpc")).detachAppender(log);
        if (server != null) {
            server.shutdown(Duration.ofSeconds(5));
        }
    }

    private RpcServer start(RpcServerOptions.Builder options) {
        server = RpcServer.create(options.bindAddress("127.0.0.1").port(0).build()).export(Probe.class, service).start();
        return server;
    }

    // ---------------------------------------------------------------- text that is not UTF-8

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void malformedUtf8InAStringArgumentIsInvalidArgumentBeforeTheMethodRuns(SerializationFormat format) throws Exception {
        start(RpcServerOptions.builder());
        byte[] overlongSlash = HexFormat.of().parseHex("c0af");
        byte[] truncatedEmoji = HexFormat.of().parseHex("f09f98");
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request(1, format, ECHO, 1, 0, stringArgument(format, overlongSlash)));
            raw.send(request(2, format, ECHO, 1, 0, stringArgument(format, truncatedEmoji)));
            raw.send(request(3, format, ECHO, 1, 0, stringArgument(format, "fine".getBytes(StandardCharsets.UTF_8))));

            Map<Long, RawConnection.Received> answers = readAnswers(raw, 3); // calls run concurrently
            for (long id = 1; id <= 2; id++) {
                RawConnection.Received refused = answers.get(id);
                assertThat(refused.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
                assertThat(refused.executed()).isFalse();
                assertThat(refused.message()).isEqualTo("cannot decode the arguments of " + Probe.class.getName()
                        + ".echo(java.lang.String): the text at byte " + textOffset(format)
                        + " of the body is not well-formed UTF-8");
            }
            assertThat(answers.get(3L).status()).isEqualTo(RpcStatus.OK);
            assertThat(answers.get(3L).executed()).isTrue();
        }
        assertThat(service.executions).as("only the well-formed call ran").hasValue(1);
        assertThat(loggedAboveDebug()).isEmpty();
    }

    @Test
    void argumentsOfTheWrongTypeAreRefusedInTheServersOwnWordsAndLoggedAtDebugOnly() throws Exception {
        start(RpcServerOptions.builder());
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(RawConnection.request(1, SERVICE, ECHO, 1, "[{\"not\":\"a string\"}]"));
            raw.send(RawConnection.request(2, SERVICE, ECHO, 1, "[\"unterminated"));

            Map<Long, RawConnection.Received> answers = readAnswers(raw, 2);
            RawConnection.Received wrongType = answers.get(1L);
            assertThat(wrongType.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
            assertThat(wrongType.message()).isEqualTo("cannot decode the arguments of " + Probe.class.getName()
                    + ".echo(java.lang.String): argument 1 cannot be read as java.lang.String");
            RawConnection.Received malformed = answers.get(2L);
            assertThat(malformed.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
            assertThat(malformed.message()).endsWith(": the body is malformed");
        }
        assertThat(service.executions).hasValue(0);
        assertThat(loggedAboveDebug()).isEmpty();
    }

    @Test
    void aCallerThatMakesAMethodThrowOnEveryCallGetsOneWarningLoggedNotOneEach() throws Exception {
        start(RpcServerOptions.builder());
        int calls = 30;
        int fail = Protocol.fnv1a32("fail(java.lang.String)");
        try (RawConnection raw = new RawConnection(server.port())) {
            for (int id = 1; id <= calls; id++) {
                raw.send(request(id, SerializationFormat.JSON, fail, 1, 0, "[\"boom\"]".getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < calls; i++) {
                RawConnection.Received answer = raw.read();
                assertThat(answer.status()).isEqualTo(RpcStatus.APPLICATION_ERROR);
                assertThat(answer.executed()).isTrue();
            }
        }
        assertThat(service.executions).hasValue(calls);
        // one warning per 10 s and method: 30 quick calls make one, two on a machine slow enough to span an interval
        assertThat(loggedAboveDebug()).hasSizeBetween(1, 2).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains(Probe.class.getName() + ".fail(java.lang.String) threw "
                    + "an exception it does not declare");
        });
    }

    // ---------------------------------------------------------------- timeouts

    @ParameterizedTest
    @ValueSource(longs = { 1_000_000L, 9_223_372_036_854_775L, 9_223_372_036_854_776L, 10_000_000_000_000_000L,
            1L << 62, Long.MAX_VALUE })
    void aTimeoutAsLargeAsTheHeaderHoldsRunsTheCallWithTimeLeft(long timeoutMicros) throws Exception {
        start(RpcServerOptions.builder());
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request(1, SerializationFormat.JSON, REMAINING, 0, timeoutMicros, "[]".getBytes(StandardCharsets.UTF_8)));

            RawConnection.Received answer = raw.read();
            assertThat(answer.status()).isEqualTo(RpcStatus.OK);
            assertThat(answer.executed()).isTrue();
            long remaining = Long.parseLong(answer.rawRest().substring(6)); // after the 6-byte OK header block
            assertThat(remaining).as("nanoseconds left while the method ran").isPositive()
                    .isLessThanOrEqualTo(Math.min(timeoutMicros, Long.MAX_VALUE / 1000) * 1000);
        }
        assertThat(service.executions).hasValue(1);
    }

    @Test
    void aTimeoutOfZeroMeansNoDeadline() throws Exception {
        start(RpcServerOptions.builder());
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request(1, SerializationFormat.JSON, REMAINING, 0, 0, "[]".getBytes(StandardCharsets.UTF_8)));

            RawConnection.Received answer = raw.read();
            assertThat(answer.status()).isEqualTo(RpcStatus.OK);
            assertThat(answer.rawRest()).endsWith(String.valueOf(Long.MAX_VALUE));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { -1L, Long.MIN_VALUE, 0x8000_0000_0000_0001L })
    void aTimeoutWithTheTopBitSetIsMalformedAndNotExecuted(long timeoutMicros) throws Exception {
        start(RpcServerOptions.builder());
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request(1, SerializationFormat.JSON, REMAINING, 0, timeoutMicros, "[]".getBytes(StandardCharsets.UTF_8)));

            RawConnection.Received answer = raw.read();
            assertThat(answer.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
            assertThat(answer.executed()).isFalse();
            assertThat(answer.message()).isEqualTo("malformed REQUEST header block of 19 bytes: negative timeout "
                    + timeoutMicros + " (a signed 64-bit count of microseconds; 0 means none)");
        }
        assertThat(service.executions).hasValue(0);
    }

    // ---------------------------------------------------------------- malformed header blocks

    @ParameterizedTest
    @ValueSource(ints = { 0, 3, 4, 8, 9, 16, 17, 18 })
    void aHeaderBlockCutShortIsAnsweredWithAStableMessageNamingTheField(int headerLength) throws Exception {
        start(RpcServerOptions.builder());
        byte[] full = request(9, SerializationFormat.JSON, ECHO, 1, 0, "[\"x\"]".getBytes(StandardCharsets.UTF_8));
        ByteBuf cut = Unpooled.buffer();
        int start = FrameWriter.beginFrame(cut, FrameType.REQUEST, 0, SerializationFormat.JSON.id(), 9);
        cut.writeBytes(full, Protocol.PREFIX_LENGTH, headerLength);
        FrameWriter.endHeader(cut, start);
        cut.writeBytes("[\"x\"]".getBytes(StandardCharsets.UTF_8));
        FrameWriter.endFrame(cut, start);
        String field = headerLength < 4 ? "service id" : headerLength < 8 ? "method id" : headerLength < 9
                ? "argument count" : headerLength < 17 ? "timeout" : "metadata count";
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(ByteBufUtil.getBytes(cut));
            raw.send(request(10, SerializationFormat.JSON, ECHO, 1, 0, "[\"after\"]".getBytes(StandardCharsets.UTF_8)));

            RawConnection.Received refused = raw.read();
            assertThat(refused.requestId()).isEqualTo(9);
            assertThat(refused.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
            assertThat(refused.executed()).isFalse();
            assertThat(refused.message()).isEqualTo("malformed REQUEST header block of " + headerLength
                    + " bytes: it ends inside the " + field);
            assertThat(raw.read().status()).as("the framing is intact").isEqualTo(RpcStatus.OK);
        }
        finally {
            cut.release();
        }
        assertThat(loggedAboveDebug()).isEmpty();
    }

    @Test
    void metadataRunningPastTheHeaderBlockIsNamedWithoutQuotingTheBuffer() throws Exception {
        start(RpcServerOptions.builder());
        ByteBuf frame = Unpooled.buffer();
        int start = FrameWriter.beginFrame(frame, FrameType.REQUEST, 0, SerializationFormat.JSON.id(), 4);
        FrameWriter.writeRequestHeader(frame, SERVICE, ECHO, 1, 0, Map.of("tenant", "acme"));
        frame.setShort(frame.writerIndex() - 6, 500); // the value announces 500 bytes, 4 follow
        FrameWriter.endHeader(frame, start);
        frame.writeBytes("[\"x\"]".getBytes(StandardCharsets.UTF_8));
        FrameWriter.endFrame(frame, start);
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(ByteBufUtil.getBytes(frame));

            RawConnection.Received refused = raw.read();
            assertThat(refused.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
            assertThat(refused.message()).isEqualTo("malformed REQUEST header block of 32 bytes: the value of "
                    + "metadata entry 1 of 500 bytes runs past its end");
        }
        finally {
            frame.release();
        }
    }

    // ---------------------------------------------------------------- oversized frames

    @Test
    void aRequestAnnouncingTwoGibibytesIsAnsweredBeforeItsBodyArrives() throws Exception {
        start(RpcServerOptions.builder());
        ByteBuf prefix = Unpooled.buffer();
        int start = FrameWriter.beginFrame(prefix, FrameType.REQUEST, 0, SerializationFormat.JSON.id(), 21);
        prefix.setInt(start + Protocol.BODY_LENGTH_OFFSET, Integer.MAX_VALUE);
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(ByteBufUtil.getBytes(prefix));

            RawConnection.Received refused = raw.read();
            assertThat(refused.requestId()).isEqualTo(21);
            assertThat(refused.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
            assertThat(refused.executed()).isFalse();
            assertThat(refused.message()).isEqualTo("REQUEST frame of " + (Protocol.PREFIX_LENGTH + (long) Integer.MAX_VALUE)
                    + " bytes exceeds the limit of " + Protocol.DEFAULT_MAX_FRAME_SIZE + " bytes");
        }
        finally {
            prefix.release();
        }
        assertThat(loggedAboveDebug()).isEmpty();
    }

    @Test
    void anOversizedRequestIsAnsweredFirstThenSkippedAndTheConnectionServesOn() throws Exception {
        start(RpcServerOptions.builder().maxFrameSize(4096));
        byte[] oversized = request(31, SerializationFormat.JSON, ECHO, 1, 0,
                ("[\"" + "x".repeat(10_000) + "\"]").getBytes(StandardCharsets.UTF_8));
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(java.util.Arrays.copyOf(oversized, 100));

            RawConnection.Received refused = raw.read();
            assertThat(refused.requestId()).isEqualTo(31);
            assertThat(refused.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);

            raw.send(java.util.Arrays.copyOfRange(oversized, 100, oversized.length));
            raw.send(request(32, SerializationFormat.JSON, ECHO, 1, 0, "[\"after\"]".getBytes(StandardCharsets.UTF_8)));
            RawConnection.Received after = raw.read();
            assertThat(after.requestId()).isEqualTo(32);
            assertThat(after.status()).isEqualTo(RpcStatus.OK);
        }
        assertThat(service.executions).hasValue(1);
    }

    // ---------------------------------------------------------------- helpers

    private static Map<Long, RawConnection.Received> readAnswers(RawConnection raw, int count) throws java.io.IOException {
        Map<Long, RawConnection.Received> answers = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            RawConnection.Received answer = raw.read();
            answers.put(answer.requestId(), answer);
        }
        assertThat(answers).hasSize(count);
        return answers;
    }

    private List<ILoggingEvent> loggedAboveDebug() {
        return log.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
                .filter(event -> !event.getLoggerName().equals(RpcServer.class.getName())) // start and stop
                .toList();
    }

    /** The offset, in the body, of the first byte after "a" in {@link #stringArgument}. */
    private static int textOffset(SerializationFormat format) {
        return switch (format) {
            case JSON -> 3; // ["a
            case CBOR -> 3; // 0x81, a text head, "a"
            case SMILE -> 7; // the 4-byte header, START_ARRAY, a text token, "a"
        };
    }

    /** Returns the body of a call with one string argument: "a", the given bytes, then "z", not re-encoded. */
    static byte[] stringArgument(SerializationFormat format, byte[] middle) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.write('a');
        text.writeBytes(middle);
        text.write('z');
        byte[] bytes = text.toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        switch (format) {
            case JSON -> {
                body.writeBytes("[\"".getBytes(StandardCharsets.US_ASCII));
                body.writeBytes(bytes);
                body.writeBytes("\"]".getBytes(StandardCharsets.US_ASCII));
            }
            case CBOR -> {
                body.write(0x81);
                body.write(0x60 | bytes.length); // a text string shorter than 24 bytes
                body.writeBytes(bytes);
            }
            case SMILE -> {
                body.writeBytes(HexFormat.of().parseHex("3a290a00f8"));
                body.write(0x80 + bytes.length - 2); // tiny Unicode text, 2 to 33 bytes
                body.writeBytes(bytes);
                body.write(0xF9);
            }
        }
        return body.toByteArray();
    }

    /** Returns the bytes of a REQUEST frame to the probe service. */
    static byte[] request(long requestId, SerializationFormat format, int methodId, int argumentCount,
            long timeoutMicros, byte[] body) {
        ByteBuf frame = Unpooled.buffer();
        try {
            int start = FrameWriter.beginFrame(frame, FrameType.REQUEST, 0, format.id(), requestId);
            FrameWriter.writeRequestHeader(frame, SERVICE, methodId, argumentCount, timeoutMicros, Map.of());
            FrameWriter.endHeader(frame, start);
            frame.writeBytes(body);
            FrameWriter.endFrame(frame, start);
            return ByteBufUtil.getBytes(frame);
        }
        finally {
            frame.release();
        }
    }
}
