package dev.rpc.core.e2e;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.rpc.core.e2e.HostileClientTests.Probe;
import dev.rpc.core.e2e.HostileClientTests.ProbeService;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The server does what {@code docs/PROTOCOL.md} says about the corners of the protocol: format 0, bytes after a
 * header block's last field, a request id used twice, frames only a server sends, PING bursts and idle connections.
 * Raw sockets on 127.0.0.1.
 */
class ProtocolBehaviourTests {

    private static final int SERVICE = Protocol.fnv1a32(Probe.class.getName());

    private static final int ECHO = Protocol.fnv1a32("echo(java.lang.String)");

    private static final int REMAINING = Protocol.fnv1a32("remainingNanos()");

    private final ProbeService service = new ProbeService();

    private RpcServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(5));
        }
    }

    private RpcServer start(RpcServerOptions.Builder options) {
        server = RpcServer.create(options.bindAddress("127.0.0.1").port(0).build()).export(Probe.class, service).start();
        return server;
    }

    /** "Format: ... a REQUEST in format 0 is answered INVALID_ARGUMENT without running." */
    @Test
    void aRequestInFormatZeroIsInvalidArgumentAndNotExecutedWhateverItsBody() throws Exception {
        start(RpcServerOptions.builder());
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request(1, Protocol.FORMAT_NONE, REMAINING, 0, new byte[0]));
            raw.send(request(2, Protocol.FORMAT_NONE, REMAINING, 0, "[]".getBytes(StandardCharsets.UTF_8)));
            raw.send(request(3, 7, REMAINING, 0, "[]".getBytes(StandardCharsets.UTF_8)));

            for (long id = 1; id <= 2; id++) {
                RawConnection.Received refused = raw.read();
                assertThat(refused.requestId()).isEqualTo(id);
                assertThat(refused.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
                assertThat(refused.executed()).isFalse();
                assertThat(refused.message()).isEqualTo("format 0 means no body, but a REQUEST always has one: its "
                        + "arguments as an array, [] for none; use one of [JSON, SMILE, CBOR]");
            }
            RawConnection.Received unknownFormat = raw.read();
            assertThat(unknownFormat.status()).isEqualTo(RpcStatus.UNIMPLEMENTED);
            assertThat(unknownFormat.message()).contains("serialization format #7 is not enabled");
        }
        assertThat(service.executions).hasValue(0);
    }

    /** "Bytes after its last field are ignored, so that a later revision may append fields." */
    @Test
    void bytesAfterTheLastFieldOfAHeaderBlockAreIgnored() throws Exception {
        start(RpcServerOptions.builder());
        ByteBuf frame = Unpooled.buffer();
        int start = FrameWriter.beginFrame(frame, FrameType.REQUEST, 0, SerializationFormat.JSON.id(), 5);
        FrameWriter.writeRequestHeader(frame, SERVICE, ECHO, 1, 0, Map.of("k", "v"));
        frame.writeBytes(new byte[] { 1, 2, 3, 4, 5, 6, 7 });
        FrameWriter.endHeader(frame, start);
        frame.writeBytes("[\"extended\"]".getBytes(StandardCharsets.UTF_8));
        FrameWriter.endFrame(frame, start);
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(ByteBufUtil.getBytes(frame));

            RawConnection.Received answer = raw.read();
            assertThat(answer.status()).isEqualTo(RpcStatus.OK);
            assertThat(answer.rawRest()).endsWith("\"extended\"");
        }
        finally {
            frame.release();
        }
    }

    /** "A REQUEST that reuses the id of a call still in flight is served like any other, and both answers carry that id." */
    @Test
    void aRequestIdUsedTwiceIsServedTwiceAndBothAnswersCarryIt() throws Exception {
        start(RpcServerOptions.builder());
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(concat(request(5, SerializationFormat.JSON.id(), ECHO, 1, "[\"first\"]".getBytes(StandardCharsets.UTF_8)),
                    request(5, SerializationFormat.JSON.id(), ECHO, 1, "[\"second\"]".getBytes(StandardCharsets.UTF_8))));

            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                RawConnection.Received answer = raw.read();
                assertThat(answer.requestId()).isEqualTo(5);
                assertThat(answer.status()).isEqualTo(RpcStatus.OK);
                bodies.add(answer.rawRest().substring(6));
            }
            assertThat(bodies).containsExactlyInAnyOrder("\"first\"", "\"second\"");
        }
        assertThat(service.executions).hasValue(2);
    }

    /** "A server that receives one from a client ignores it: it answers nothing and keeps the connection open." */
    @Test
    void framesOnlyAServerSendsAreIgnoredAndTheConnectionStaysOpen() throws Exception {
        start(RpcServerOptions.builder().maxFrameSize(1024));
        ByteBuf frames = Unpooled.buffer();
        try {
            int response = FrameWriter.beginFrame(frames, FrameType.RESPONSE, Protocol.FLAG_EXECUTED, 1, 11);
            FrameWriter.writeResponseHeader(frames, RpcStatus.OK, "", "", Protocol.NO_DECLARED_EXCEPTION);
            FrameWriter.endHeader(frames, response);
            frames.writeBytes("\"unasked\"".getBytes(StandardCharsets.UTF_8));
            FrameWriter.endFrame(frames, response);
            int oversized = FrameWriter.beginFrame(frames, FrameType.RESPONSE, 0, 1, 12);
            FrameWriter.writeResponseHeader(frames, RpcStatus.OK, "", "", Protocol.NO_DECLARED_EXCEPTION);
            FrameWriter.endHeader(frames, oversized);
            frames.writeBytes(new byte[2000]);
            FrameWriter.endFrame(frames, oversized);
            writeFrame(frames, FrameWriter.control(UnpooledByteBufAllocator.DEFAULT, FrameType.ACK, 13, Protocol.FLAG_EXECUTED));
            writeFrame(frames, FrameWriter.control(UnpooledByteBufAllocator.DEFAULT, FrameType.PONG, 14, 0));
            writeFrame(frames, FrameWriter.goAway(UnpooledByteBufAllocator.DEFAULT, 15, RpcStatus.UNAVAILABLE, "client leaving"));
            writeFrame(frames, FrameWriter.control(UnpooledByteBufAllocator.DEFAULT, FrameType.PING, 16, 0));
            try (RawConnection raw = new RawConnection(server.port())) {
                raw.send(ByteBufUtil.getBytes(frames));

                RawConnection.Received first = raw.read();
                assertThat(first.type()).as("nothing answers the frames before the PING").isEqualTo(FrameType.PONG);
                assertThat(first.requestId()).isEqualTo(16);
                raw.send(request(17, SerializationFormat.JSON.id(), ECHO, 1, "[\"still open\"]".getBytes(StandardCharsets.UTF_8)));
                assertThat(raw.read().status()).isEqualTo(RpcStatus.OK);
            }
        }
        finally {
            frames.release();
        }
        assertThat(service.executions).hasValue(1);
    }

    /** "A server answers every PING, and writes the PONGs of PINGs that arrive together as one write." */
    @Test
    void everyPingOfABurstIsAnsweredWithAPongCarryingItsId() throws Exception {
        start(RpcServerOptions.builder());
        int count = 2_000;
        ByteBuf pings = Unpooled.buffer(count * Protocol.PREFIX_LENGTH);
        for (long id = 1; id <= count; id++) {
            writeFrame(pings, FrameWriter.control(UnpooledByteBufAllocator.DEFAULT, FrameType.PING, id * 7919, 0));
        }
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(ByteBufUtil.getBytes(pings));

            for (long id = 1; id <= count; id++) {
                RawConnection.Received pong = raw.read();
                assertThat(pong.type()).isEqualTo(FrameType.PONG);
                assertThat(pong.requestId()).isEqualTo(id * 7919);
                assertThat(pong.flags()).as("only: this server knows CANCEL").isEqualTo(Protocol.FLAG_CANCEL_SUPPORTED);
            }
        }
        finally {
            pings.release();
        }
    }

    /** "... is closed without GOAWAY, even if calls are in flight on it." */
    @Test
    void aSilentConnectionIsClosedWithoutGoAway() throws Exception {
        start(RpcServerOptions.builder().idleTimeout(Duration.ofMillis(300)));
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThatExceptionOfType(EOFException.class).as("the stream ends before any frame").isThrownBy(raw::read);
        }
    }

    private static void writeFrame(ByteBuf out, ByteBuf frame) {
        out.writeBytes(frame);
        frame.release();
    }

    private static byte[] request(long requestId, int format, int methodId, int argumentCount, byte[] body) {
        ByteBuf frame = Unpooled.buffer();
        try {
            int start = FrameWriter.beginFrame(frame, FrameType.REQUEST, 0, format, requestId);
            FrameWriter.writeRequestHeader(frame, SERVICE, methodId, argumentCount, 0, Map.of());
            FrameWriter.endHeader(frame, start);
            frame.writeBytes(body);
            FrameWriter.endFrame(frame, start);
            return ByteBufUtil.getBytes(frame);
        }
        finally {
            frame.release();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
