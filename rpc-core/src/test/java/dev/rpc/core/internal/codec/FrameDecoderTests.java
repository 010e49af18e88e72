package dev.rpc.core.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.internal.codec.TestFrames.FrameView;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.rpc.core.internal.codec.TestFrames.ALLOC;
import static dev.rpc.core.internal.codec.TestFrames.bytes;
import static dev.rpc.core.internal.codec.TestFrames.concat;
import static dev.rpc.core.internal.codec.TestFrames.ping;
import static dev.rpc.core.internal.codec.TestFrames.viewAndRelease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDecoderTests {

    private static final int MAX_FRAME = 1024;

    private static final int MAX_HEADER = 256;

    private static final long FRAME_TIMEOUT_MILLIS = 5_000;

    private static final byte[] BODY = "[\"hi\",42]".getBytes(StandardCharsets.UTF_8);

    private EmbeddedChannel channel;

    @BeforeEach
    void openChannel() {
        channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME, MAX_HEADER, FRAME_TIMEOUT_MILLIS));
        channel.freezeTime();
    }

    @AfterEach
    void closeChannel() {
        for (Object leftover; (leftover = channel.readInbound()) != null;) {
            release(leftover);
        }
        channel.finishAndReleaseAll();
    }

    // ---------------------------------------------------------------- every frame type

    @Test
    void requestWithoutMetadataDecodesEveryField() {
        channel.writeInbound(TestFrames.request(0x0102030405060708L, Protocol.FLAG_CALLBACK, 1, 0xCAFEBABE,
                0x80000001, 2, 2_000_000L, Map.of(), BODY));

        RequestFrame request = channel.readInbound();
        try {
            assertThat(request.requestId()).isEqualTo(0x0102030405060708L);
            assertThat(request.flags()).isEqualTo(Protocol.FLAG_CALLBACK);
            assertThat(request.isCallback()).isTrue();
            assertThat(request.format()).isEqualTo(1);
            assertThat(request.serviceId()).isEqualTo(0xCAFEBABE);
            assertThat(request.methodId()).isEqualTo(0x80000001);
            assertThat(request.argumentCount()).isEqualTo(2);
            assertThat(request.timeoutMicros()).isEqualTo(2_000_000L);
            assertThat(request.metadata()).isEmpty();
            assertThat(bytes(request.body())).isEqualTo(BODY);
        }
        finally {
            request.release();
        }
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void requestWithMetadataDecodesEveryEntry() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736");
        metadata.put("tenant", "");
        metadata.put("grüße", "日本語 ✓ \uD83D\uDE00");
        metadata.put("k".repeat(255), "v".repeat(2048));
        EmbeddedChannel roomy = new EmbeddedChannel(new FrameDecoder(1 << 20, 0xFFFF, FRAME_TIMEOUT_MILLIS));
        roomy.writeInbound(TestFrames.request(-2L, 0xF0, 3, 7, -7, 255, Long.MAX_VALUE, metadata, new byte[0]));

        RequestFrame request = roomy.readInbound();
        try {
            assertThat(request.requestId()).isEqualTo(-2L);
            assertThat(request.flags()).isEqualTo(0xF0);
            assertThat(request.isCallback()).isFalse();
            assertThat(request.format()).isEqualTo(3);
            assertThat(request.serviceId()).isEqualTo(7);
            assertThat(request.methodId()).isEqualTo(-7);
            assertThat(request.argumentCount()).isEqualTo(255);
            assertThat(request.timeoutMicros()).isEqualTo(Long.MAX_VALUE);
            assertThat(request.metadata()).containsExactlyInAnyOrderEntriesOf(metadata);
            assertThat(request.body().readableBytes()).isZero();
        }
        finally {
            request.release();
            roomy.finishAndReleaseAll();
        }
    }

    @Test
    void okResponseDecodesEveryField() {
        channel.writeInbound(TestFrames.response(1L, Protocol.FLAG_EXECUTED, 2, RpcStatus.OK, "", "",
                Protocol.NO_DECLARED_EXCEPTION, BODY));

        ResponseFrame response = channel.readInbound();
        try {
            assertThat(response.requestId()).isEqualTo(1L);
            assertThat(response.flags()).isEqualTo(Protocol.FLAG_EXECUTED);
            assertThat(response.executed()).isTrue();
            assertThat(response.format()).isEqualTo(2);
            assertThat(response.status()).isEqualTo(RpcStatus.OK);
            assertThat(response.message()).isEmpty();
            assertThat(response.errorType()).isEmpty();
            assertThat(response.declaredIndex()).isEqualTo(Protocol.NO_DECLARED_EXCEPTION);
            assertThat(bytes(response.body())).isEqualTo(BODY);
        }
        finally {
            response.release();
        }
    }

    @Test
    void errorResponseWithDeclaredIndexDecodesEveryField() {
        channel.writeInbound(TestFrames.response(Long.MIN_VALUE, 0, 1, RpcStatus.APPLICATION_ERROR,
                "out of stock: ünïcödé", "com.acme.OutOfStockException", 3, BODY));

        ResponseFrame response = channel.readInbound();
        try {
            assertThat(response.requestId()).isEqualTo(Long.MIN_VALUE);
            assertThat(response.flags()).isZero();
            assertThat(response.executed()).isFalse();
            assertThat(response.format()).isEqualTo(1);
            assertThat(response.status()).isEqualTo(RpcStatus.APPLICATION_ERROR);
            assertThat(response.message()).isEqualTo("out of stock: ünïcödé");
            assertThat(response.errorType()).isEqualTo("com.acme.OutOfStockException");
            assertThat(response.declaredIndex()).isEqualTo(3);
            assertThat(bytes(response.body())).isEqualTo(BODY);
        }
        finally {
            response.release();
        }
    }

    @Test
    void errorResponseWithoutBodyDecodesStatusMessageAndExecutedFlag() {
        channel.writeInbound(FrameWriter.errorResponse(ALLOC, 99L, RpcStatus.DEADLINE_EXCEEDED, "too late", true));

        ResponseFrame response = channel.readInbound();
        try {
            assertThat(response.requestId()).isEqualTo(99L);
            assertThat(response.executed()).isTrue();
            assertThat(response.format()).isZero();
            assertThat(response.status()).isEqualTo(RpcStatus.DEADLINE_EXCEEDED);
            assertThat(response.message()).isEqualTo("too late");
            assertThat(response.errorType()).isEmpty();
            assertThat(response.declaredIndex()).isEqualTo(Protocol.NO_DECLARED_EXCEPTION);
            assertThat(response.body().readableBytes()).isZero();
        }
        finally {
            response.release();
        }
    }

    @Test
    void longMessagesAreCutToTheWritersLimitAndStillDecode() {
        String message = "é".repeat(FrameWriter.MAX_TEXT_LENGTH + 100);
        ByteBuf frame = FrameWriter.errorResponse(ALLOC, 5L, RpcStatus.INTERNAL, message, false);
        EmbeddedChannel roomy = new EmbeddedChannel(new FrameDecoder(1 << 20, 0xFFFF, FRAME_TIMEOUT_MILLIS));
        try {
            roomy.writeInbound(frame);
            ResponseFrame response = roomy.readInbound();
            try {
                assertThat(response.message()).isEqualTo("é".repeat(FrameWriter.MAX_TEXT_LENGTH));
            }
            finally {
                response.release();
            }
        }
        finally {
            roomy.finishAndReleaseAll();
        }
    }

    @ParameterizedTest
    @EnumSource(value = FrameType.class, names = { "ACK", "PING", "PONG" })
    void bodilessControlFrameDecodesTypeIdAndFlags(FrameType type) {
        channel.writeInbound(FrameWriter.control(ALLOC, type, 0x7FFF_0000_0000_0001L, Protocol.FLAG_EXECUTED));

        ControlFrame frame = channel.readInbound();
        assertThat(frame).isEqualTo(new ControlFrame(type, 0x7FFF_0000_0000_0001L, Protocol.FLAG_EXECUTED,
                RpcStatus.OK, ""));
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void goAwayDecodesLastIdStatusAndMessage() {
        channel.writeInbound(FrameWriter.goAway(ALLOC, 41L, RpcStatus.UNAVAILABLE, "server shutting down ⏻"));

        ControlFrame frame = channel.readInbound();
        assertThat(frame).isEqualTo(new ControlFrame(FrameType.GOAWAY, 41L, 0, RpcStatus.UNAVAILABLE,
                "server shutting down ⏻"));
    }

    @Test
    void unknownStatusCodeDecodesAsUnknown() {
        ByteBuf frame = FrameWriter.goAway(ALLOC, 1L, RpcStatus.OK, "x");
        frame.setByte(Protocol.PREFIX_LENGTH, 200);
        channel.writeInbound(frame);

        ControlFrame decoded = channel.readInbound();
        assertThat(decoded.status()).isEqualTo(RpcStatus.UNKNOWN);
        assertThat(decoded.message()).isEqualTo("x");
    }

    // ---------------------------------------------------------------- framing

    @Test
    void severalFramesInOneBufferDecodeInOrder() {
        List<FrameView> expected = sampleFrames();
        ByteBuf all = TestFrames.ALLOC.buffer();
        expected.forEach(frame -> frame.writeTo(all));
        channel.writeInbound(all);

        assertThat(readAllViews()).containsExactlyElementsOf(expected);
    }

    @Test
    void framesSplitAtEveryByteBoundaryDecode() {
        List<FrameView> expected = sampleFrames();
        ByteBuf all = TestFrames.ALLOC.buffer();
        expected.forEach(frame -> frame.writeTo(all));
        try {
            for (int split = 1; split < all.readableBytes(); split++) {
                EmbeddedChannel fresh = new EmbeddedChannel(new FrameDecoder(MAX_FRAME, MAX_HEADER, FRAME_TIMEOUT_MILLIS));
                try {
                    fresh.writeInbound(all.retainedSlice(0, split));
                    fresh.writeInbound(all.retainedSlice(split, all.readableBytes() - split));
                    List<FrameView> decoded = new ArrayList<>();
                    for (Object frame; (frame = fresh.readInbound()) != null;) {
                        decoded.add(viewAndRelease(frame));
                    }
                    assertThat(decoded).as("split at byte %d", split).containsExactlyElementsOf(expected);
                }
                finally {
                    fresh.finishAndReleaseAll();
                }
            }
        }
        finally {
            all.release();
        }
    }

    @Test
    void framesFedOneByteAtATimeDecode() {
        List<FrameView> expected = sampleFrames();
        ByteBuf all = TestFrames.ALLOC.buffer();
        expected.forEach(frame -> frame.writeTo(all));
        while (all.isReadable()) {
            channel.writeInbound(all.readRetainedSlice(1));
        }
        all.release();

        assertThat(readAllViews()).containsExactlyElementsOf(expected);
    }

    @Test
    void partialFrameEmitsNothingUntilItsLastByteArrives() {
        ByteBuf frame = TestFrames.response(3L, 0, 1, RpcStatus.OK, "", "", 255, BODY);
        int length = frame.readableBytes();

        channel.writeInbound(frame.readRetainedSlice(length - 1));
        assertThat((Object) channel.readInbound()).isNull();

        channel.writeInbound(frame);
        ResponseFrame response = channel.readInbound();
        assertThat(bytes(response.body())).isEqualTo(BODY);
        response.release();
    }

    // ---------------------------------------------------------------- size limits

    @Test
    void oversizedFrameIsSkippedAndTheNextFrameStillDecodes() {
        byte[] bigBody = new byte[MAX_FRAME];
        ByteBuf oversized = TestFrames.request(17L, 0, 1, 1, 2, 1, 0, Map.of(), bigBody);
        channel.writeInbound(concat(oversized, ping(18L)));

        RejectedFrame rejected = channel.readInbound();
        assertThat(rejected.type()).isEqualTo(FrameType.REQUEST);
        assertThat(rejected.requestId()).isEqualTo(17L);
        assertThat(rejected.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
        int frameLength = Protocol.PREFIX_LENGTH + 19 + MAX_FRAME;
        assertThat(rejected.message()).contains(String.valueOf(frameLength)).contains(String.valueOf(MAX_FRAME));
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 18L, 0, RpcStatus.OK, ""));
    }

    @Test
    void frameOfExactlyMaxFrameSizeIsAccepted() {
        byte[] body = new byte[MAX_FRAME - Protocol.PREFIX_LENGTH - 19];
        channel.writeInbound(TestFrames.request(1L, 0, 1, 1, 2, 1, 0, Map.of(), body));

        RequestFrame request = channel.readInbound();
        assertThat(request.body().readableBytes()).isEqualTo(body.length);
        request.release();
    }

    @Test
    void oversizedHeaderBlockIsSkippedAndTheNextFrameStillDecodes() {
        ByteBuf oversized = TestFrames.response(23L, 0, 1, RpcStatus.INTERNAL, "m".repeat(MAX_HEADER), "", 255,
                new byte[0]);
        channel.writeInbound(concat(oversized, ping(24L)));

        RejectedFrame rejected = channel.readInbound();
        assertThat(rejected.type()).isEqualTo(FrameType.RESPONSE);
        assertThat(rejected.requestId()).isEqualTo(23L);
        assertThat(rejected.status()).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
        assertThat(rejected.message()).contains("header block").contains(String.valueOf(MAX_HEADER + 6));
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 24L, 0, RpcStatus.OK, ""));
    }

    @Test
    void oversizedFrameIsReportedAsSoonAsItsPrefixArrivesAndNeverBuffered() {
        ByteBuf prefix = TestFrames.ALLOC.buffer();
        int start = FrameWriter.beginFrame(prefix, FrameType.REQUEST, 0, 1, 77L);
        prefix.setInt(start + Protocol.BODY_LENGTH_OFFSET, Integer.MAX_VALUE);

        assertDecoderKeepsNothing(prefix);
        RejectedFrame rejected = channel.readInbound();
        assertThat(rejected).as("reported before a byte of the 2 GiB body")
                .isEqualTo(new RejectedFrame(FrameType.REQUEST, 77L, RpcStatus.RESOURCE_EXHAUSTED,
                        "REQUEST frame of 2147483667 bytes exceeds the limit of " + MAX_FRAME + " bytes"));

        for (int i = 0; i < 16; i++) {
            assertDecoderKeepsNothing(TestFrames.wrap(new byte[4096]));
        }
        assertThat((Object) channel.readInbound()).as("reported once").isNull();
    }

    @Test
    void oversizedFrameArrivingInChunksIsReportedFirstThenDiscardedAsItArrivesThenTheNextFrameDecodes() {
        byte[] bigBody = new byte[10 * MAX_FRAME + 3];
        java.util.Arrays.fill(bigBody, (byte) 0x52); // "R": would look like magic if it were ever parsed
        ByteBuf all = concat(TestFrames.request(31L, 0, 1, 1, 2, 1, 0, Map.of(), bigBody), ping(32L));
        int pingLength = Protocol.PREFIX_LENGTH;
        int oversizedLength = all.readableBytes() - pingLength;

        assertDecoderKeepsNothing(TestFrames.ALLOC.buffer(Protocol.PREFIX_LENGTH).writeBytes(all, Protocol.PREFIX_LENGTH));
        RejectedFrame rejected = channel.readInbound();
        assertThat(rejected).extracting(RejectedFrame::requestId, RejectedFrame::status)
                .containsExactly(31L, RpcStatus.RESOURCE_EXHAUSTED);
        while (all.readableBytes() > pingLength + 5) {
            int chunk = Math.min(700, all.readableBytes() - pingLength - 5);
            assertDecoderKeepsNothing(TestFrames.ALLOC.buffer(chunk).writeBytes(all, chunk));
            assertThat((Object) channel.readInbound()).as("still skipping").isNull();
        }
        assertThat(oversizedLength - all.readerIndex()).isEqualTo(5);
        channel.writeInbound(all);

        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 32L, 0, RpcStatus.OK, ""));
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void oversizedFrameThatStallsWhileBeingSkippedTripsTheFrameTimer() {
        ByteBuf prefix = TestFrames.ALLOC.buffer();
        int start = FrameWriter.beginFrame(prefix, FrameType.REQUEST, 0, 1, 77L);
        prefix.setInt(start + Protocol.BODY_LENGTH_OFFSET, MAX_FRAME * 4);
        channel.writeInbound(prefix);

        channel.advanceTimeBy(FRAME_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThatThrownBy(channel::checkException).isInstanceOf(ProtocolViolationException.class);
    }

    /** Feeds a buffer and checks the decoder consumed all of it and kept no reference: nothing buffered. */
    private void assertDecoderKeepsNothing(ByteBuf chunk) {
        chunk.retain();
        try {
            channel.writeInbound(chunk);
            assertThat(chunk.readableBytes()).as("bytes left unconsumed in the cumulation").isZero();
            assertThat(chunk.refCnt()).as("the decoder still holds the buffer").isEqualTo(1);
        }
        finally {
            chunk.release();
        }
    }

    // ---------------------------------------------------------------- malformed header blocks

    @Test
    void responseMessageRunningPastTheHeaderBlockIsRejectedAndTheNextFrameDecodes() {
        ByteBuf frame = TestFrames.response(51L, 0, 1, RpcStatus.INTERNAL, "abc", "", 255, BODY);
        frame.setShort(Protocol.PREFIX_LENGTH + 1, 500); // message length far past the 11-byte block
        channel.writeInbound(concat(frame, ping(52L)));

        RejectedFrame rejected = channel.readInbound();
        assertThat(rejected.type()).isEqualTo(FrameType.RESPONSE);
        assertThat(rejected.requestId()).isEqualTo(51L);
        assertThat(rejected.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
        assertThat(rejected.message()).contains("500");
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 52L, 0, RpcStatus.OK, ""));
    }

    @Test
    void metadataValueRunningPastTheHeaderBlockIsRejectedAndTheNextFrameDecodes() {
        ByteBuf frame = TestFrames.request(61L, 0, 1, 1, 2, 1, 0, Map.of("k", "value"), BODY);
        int valueLengthOffset = Protocol.PREFIX_LENGTH + 19 + 1 + 1;
        assertThat(frame.getUnsignedShort(valueLengthOffset)).isEqualTo(5);
        frame.setShort(valueLengthOffset, 6);
        channel.writeInbound(concat(frame, ping(62L)));

        RejectedFrame rejected = channel.readInbound();
        assertThat(rejected).extracting(RejectedFrame::type, RejectedFrame::requestId, RejectedFrame::status)
                .containsExactly(FrameType.REQUEST, 61L, RpcStatus.INVALID_ARGUMENT);
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 62L, 0, RpcStatus.OK, ""));
    }

    @Test
    void metadataCountAnnouncingMoreEntriesThanTheBlockHoldsIsRejected() {
        ByteBuf frame = TestFrames.request(63L, 0, 1, 1, 2, 1, 0, Map.of("k", "v"), BODY);
        frame.setShort(Protocol.PREFIX_LENGTH + 17, 0xFFFF);
        channel.writeInbound(concat(frame, ping(64L)));

        RejectedFrame rejected = channel.readInbound();
        assertThat(rejected).extracting(RejectedFrame::requestId, RejectedFrame::status)
                .containsExactly(63L, RpcStatus.INVALID_ARGUMENT);
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 64L, 0, RpcStatus.OK, ""));
    }

    @Test
    void requestHeaderBlockShorterThanItsFixedFieldsIsRejected() {
        ByteBuf frame = TestFrames.ALLOC.buffer();
        int start = FrameWriter.beginFrame(frame, FrameType.REQUEST, 0, 1, 65L);
        frame.writeInt(1).writeInt(2).writeByte(1); // timeout and metadata count missing
        FrameWriter.endHeader(frame, start);
        frame.writeBytes(BODY);
        FrameWriter.endFrame(frame, start);
        channel.writeInbound(concat(frame, ping(66L)));

        RejectedFrame rejected = channel.readInbound();
        assertThat(rejected).extracting(RejectedFrame::type, RejectedFrame::requestId, RejectedFrame::status)
                .containsExactly(FrameType.REQUEST, 65L, RpcStatus.INVALID_ARGUMENT);
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 66L, 0, RpcStatus.OK, ""));
    }

    @Test
    void goAwayMessageRunningPastTheHeaderBlockIsRejected() {
        ByteBuf frame = FrameWriter.goAway(ALLOC, 67L, RpcStatus.UNAVAILABLE, "bye");
        frame.setShort(Protocol.PREFIX_LENGTH + 1, 4);
        channel.writeInbound(concat(frame, ping(68L)));

        RejectedFrame rejected = channel.readInbound();
        assertThat(rejected).extracting(RejectedFrame::type, RejectedFrame::requestId, RejectedFrame::status)
                .containsExactly(FrameType.GOAWAY, 67L, RpcStatus.INVALID_ARGUMENT);
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 68L, 0, RpcStatus.OK, ""));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({ "0, service id", "3, service id", "4, method id", "8, argument count",
        "9, timeout", "16, timeout", "17, metadata count", "18, metadata count", "19, length of the key of metadata entry 1",
        "20, key of metadata entry 1 of 1 bytes runs past its end", "21, length of the value of metadata entry 1",
        "22, length of the value of metadata entry 1" })
    void requestHeaderCutShortIsRejectedNamingTheFieldInWordsOfItsOwn(int headerLength, String field) {
        ByteBuf whole = TestFrames.request(71L, 0, 1, 1, 2, 1, 0, Map.of("k", "v"), BODY);
        ByteBuf cut = TestFrames.ALLOC.buffer();
        int start = FrameWriter.beginFrame(cut, FrameType.REQUEST, 0, 1, 71L);
        cut.writeBytes(whole, Protocol.PREFIX_LENGTH, headerLength);
        FrameWriter.endHeader(cut, start);
        cut.writeBytes(BODY);
        FrameWriter.endFrame(cut, start);
        whole.release();
        channel.writeInbound(concat(cut, ping(72L)));

        RejectedFrame rejected = channel.readInbound();
        String expected = field.endsWith("its end") ? "the " + field : "it ends inside the " + field;
        assertThat(rejected).isEqualTo(new RejectedFrame(FrameType.REQUEST, 71L, RpcStatus.INVALID_ARGUMENT,
                "malformed REQUEST header block of " + headerLength + " bytes: " + expected));
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 72L, 0, RpcStatus.OK, ""));
    }

    @Test
    void responseAndGoAwayHeadersCutShortAreRejectedNamingTheField() {
        ByteBuf response = TestFrames.ALLOC.buffer();
        int start = FrameWriter.beginFrame(response, FrameType.RESPONSE, 0, 0, 73L);
        response.writeByte(0).writeShort(0).writeShort(0); // the declared exception index is missing
        FrameWriter.endHeader(response, start);
        FrameWriter.endFrame(response, start);
        ByteBuf goAway = TestFrames.ALLOC.buffer();
        start = FrameWriter.beginFrame(goAway, FrameType.GOAWAY, 0, 0, 74L);
        goAway.writeByte(14).writeByte(0); // half the message length
        FrameWriter.endHeader(goAway, start);
        FrameWriter.endFrame(goAway, start);
        channel.writeInbound(concat(response, goAway));

        assertThat((Object) channel.readInbound()).isEqualTo(new RejectedFrame(FrameType.RESPONSE, 73L,
                RpcStatus.INVALID_ARGUMENT, "malformed RESPONSE header block of 5 bytes: it ends inside the declared exception"));
        assertThat((Object) channel.readInbound()).isEqualTo(new RejectedFrame(FrameType.GOAWAY, 74L,
                RpcStatus.INVALID_ARGUMENT, "malformed GOAWAY header block of 2 bytes: it ends inside the length of the message"));
    }

    @Test
    void metadataThatIsNotWellFormedUtf8IsRejected() {
        ByteBuf frame = TestFrames.request(75L, 0, 1, 1, 2, 1, 0, Map.of("k", "ab"), BODY);
        int valueStart = Protocol.PREFIX_LENGTH + 19 + 2 + 2;
        frame.setByte(valueStart, 0xC0).setByte(valueStart + 1, 0xAF); // an overlong '/'
        channel.writeInbound(concat(frame, ping(76L)));

        assertThat((Object) channel.readInbound()).isEqualTo(new RejectedFrame(FrameType.REQUEST, 75L,
                RpcStatus.INVALID_ARGUMENT, "malformed REQUEST header block of 25 bytes: the value of metadata entry 1 "
                        + "is not well-formed UTF-8"));
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 76L, 0, RpcStatus.OK, ""));
    }

    @Test
    void bytesAfterTheLastFieldOfAHeaderBlockAreIgnored() {
        ByteBuf frame = TestFrames.ALLOC.buffer();
        int start = FrameWriter.beginFrame(frame, FrameType.REQUEST, 0, 1, 77L);
        FrameWriter.writeRequestHeader(frame, 1, 2, 1, 3_000L, Map.of("k", "v"));
        frame.writeBytes(new byte[] { (byte) 0xFF, 0, (byte) 0xC0 });
        FrameWriter.endHeader(frame, start);
        frame.writeBytes(BODY);
        FrameWriter.endFrame(frame, start);
        channel.writeInbound(frame);

        assertThat(viewAndRelease(channel.readInbound()))
                .isEqualTo(FrameView.request(77L, 0, 1, 1, 2, 1, 3_000L, Map.of("k", "v"), BODY));
    }

    @Test
    void negativeTimeoutIsRejectedAsMalformed() {
        channel.writeInbound(concat(TestFrames.request(69L, 0, 1, 1, 2, 1, -1L, Map.of(), BODY), ping(70L)));

        RejectedFrame rejected = channel.readInbound();
        assertThat(rejected).extracting(RejectedFrame::requestId, RejectedFrame::status)
                .containsExactly(69L, RpcStatus.INVALID_ARGUMENT);
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 70L, 0, RpcStatus.OK, ""));
    }

    // ---------------------------------------------------------------- protocol violations

    @Test
    void badMagicIsAViolationAndEverythingAfterIsDiscarded() {
        ByteBuf frame = ping(80L);
        frame.setByte(0, 'X');

        assertThatThrownBy(() -> channel.writeInbound(concat(frame, ping(81L))))
                .isInstanceOfSatisfying(ProtocolViolationException.class, violation -> {
                    assertThat(violation.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
                    assertThat(violation.requestId()).isEqualTo(ProtocolViolationException.UNKNOWN_REQUEST_ID);
                    assertThat(violation.getMessage()).contains("magic");
                });
        assertEverythingAfterIsDiscarded();
    }

    @Test
    void badMagicIsDetectedFromTheFirstTwoBytesWithoutWaitingForAPrefix() {
        assertThatThrownBy(() -> channel.writeInbound(TestFrames.wrap(new byte[] { 'G', 'E' })))
                .isInstanceOf(ProtocolViolationException.class);
        assertEverythingAfterIsDiscarded();
    }

    @Test
    void unknownFrameTypeIsAViolationCarryingTheRequestId() {
        ByteBuf frame = ping(82L);
        frame.setByte(3, 9);

        assertThatThrownBy(() -> channel.writeInbound(frame))
                .isInstanceOfSatisfying(ProtocolViolationException.class, violation -> {
                    assertThat(violation.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
                    assertThat(violation.requestId()).isEqualTo(82L);
                    assertThat(violation.getMessage()).contains("unknown frame type 9");
                });
        assertEverythingAfterIsDiscarded();
    }

    @Test
    void frameTypeZeroIsAViolation() {
        ByteBuf frame = ping(83L);
        frame.setByte(3, 0);

        assertThatThrownBy(() -> channel.writeInbound(frame)).isInstanceOf(ProtocolViolationException.class);
        assertEverythingAfterIsDiscarded();
    }

    @Test
    void unsupportedVersionIsAnUnimplementedViolation() {
        ByteBuf frame = ping(84L);
        frame.setByte(2, 2);

        assertThatThrownBy(() -> channel.writeInbound(frame))
                .isInstanceOfSatisfying(ProtocolViolationException.class, violation -> {
                    assertThat(violation.status()).isEqualTo(RpcStatus.UNIMPLEMENTED);
                    // only magic and version keep their meaning across versions: the id is not read
                    assertThat(violation.requestId()).isEqualTo(ProtocolViolationException.UNKNOWN_REQUEST_ID);
                    assertThat(violation.getMessage()).contains("version 2");
                });
        assertEverythingAfterIsDiscarded();
    }

    @Test
    void negativeBodyLengthIsAViolationCarryingTheRequestId() {
        ByteBuf frame = ping(85L);
        frame.setInt(Protocol.BODY_LENGTH_OFFSET, -1);

        assertThatThrownBy(() -> channel.writeInbound(concat(frame, ping(86L))))
                .isInstanceOfSatisfying(ProtocolViolationException.class, violation -> {
                    assertThat(violation.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
                    assertThat(violation.requestId()).isEqualTo(85L);
                    assertThat(violation.getMessage()).contains("negative body length -1");
                });
        assertEverythingAfterIsDiscarded();
    }

    @Test
    void framesBeforeAViolationInTheSameBufferAreStillDelivered() {
        ByteBuf bad = ping(88L);
        bad.setByte(3, 42);

        assertThatThrownBy(() -> channel.writeInbound(concat(ping(87L), bad)))
                .isInstanceOf(ProtocolViolationException.class);
        assertThat((Object) channel.readInbound()).isEqualTo(new ControlFrame(FrameType.PING, 87L, 0, RpcStatus.OK, ""));
        assertEverythingAfterIsDiscarded();
    }

    private void assertEverythingAfterIsDiscarded() {
        assertThat((Object) channel.readInbound()).isNull();
        assertDecoderKeepsNothing(concat(ping(1000L), TestFrames.request(1001L, 0, 1, 1, 2, 1, 0, Map.of(), BODY)));
        assertThat((Object) channel.readInbound()).isNull();
        channel.advanceTimeBy(10 * FRAME_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThatNoException().isThrownBy(channel::checkException);
    }

    // ---------------------------------------------------------------- stall timer

    @Test
    void frameLeftIncompleteTripsTheFrameTimerAfterFrameTimeout() {
        ByteBuf frame = TestFrames.request(90L, 0, 1, 1, 2, 1, 0, Map.of(), BODY);
        channel.writeInbound(frame.readRetainedSlice(frame.readableBytes() - 1));

        channel.advanceTimeBy(FRAME_TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThatNoException().as("one millisecond early").isThrownBy(channel::checkException);

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThatThrownBy(channel::checkException)
                .isInstanceOfSatisfying(ProtocolViolationException.class, violation -> {
                    assertThat(violation.status()).isEqualTo(RpcStatus.INVALID_ARGUMENT);
                    assertThat(violation.getMessage()).contains("incomplete");
                });

        channel.writeInbound(frame);
        assertThat((Object) channel.readInbound()).as("the decoder reads nothing more after the stall").isNull();
    }

    @Test
    void partialPrefixAlsoTripsTheFrameTimer() {
        channel.writeInbound(TestFrames.wrap(new byte[] { 0x52 }));

        channel.advanceTimeBy(FRAME_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThatThrownBy(channel::checkException).isInstanceOf(ProtocolViolationException.class);
    }

    @Test
    void tricklingBytesDoesNotResetTheFrameTimer() {
        ByteBuf frame = TestFrames.request(91L, 0, 1, 1, 2, 1, 0, Map.of(), BODY);
        for (int i = 0; i < 10; i++) {
            channel.writeInbound(frame.readRetainedSlice(1));
            channel.advanceTimeBy(FRAME_TIMEOUT_MILLIS / 10, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }
        frame.release();

        assertThatThrownBy(channel::checkException).isInstanceOf(ProtocolViolationException.class);
    }

    @Test
    void frameCompletedInTimeDisarmsTheFrameTimer() {
        ByteBuf frame = TestFrames.request(92L, 0, 1, 1, 2, 1, 0, Map.of(), BODY);
        channel.writeInbound(frame.readRetainedSlice(10));
        channel.advanceTimeBy(FRAME_TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.writeInbound(frame);

        channel.advanceTimeBy(10 * FRAME_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThatNoException().isThrownBy(channel::checkException);
        RequestFrame request = channel.readInbound();
        assertThat(request.requestId()).isEqualTo(92L);
        request.release();
        channel.writeInbound(ping(93L));
        assertThat((Object) channel.readInbound()).as("the decoder is still usable")
                .isEqualTo(new ControlFrame(FrameType.PING, 93L, 0, RpcStatus.OK, ""));
    }

    @Test
    void eachNewPartialFrameGetsItsOwnFullTimeout() {
        ByteBuf first = TestFrames.request(94L, 0, 1, 1, 2, 1, 0, Map.of(), BODY);
        ByteBuf second = ping(95L);
        channel.writeInbound(first.readRetainedSlice(5));
        channel.advanceTimeBy(FRAME_TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        // completes the first frame and starts the second in the same read
        channel.writeInbound(concat(first, second.readRetainedSlice(5)));
        channel.advanceTimeBy(FRAME_TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThatNoException().isThrownBy(channel::checkException);
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThatThrownBy(channel::checkException).isInstanceOf(ProtocolViolationException.class);
        second.release();
    }

    @Test
    void idleConnectionBetweenFramesNeverTripsTheFrameTimer() {
        channel.writeInbound(ping(96L));
        channel.advanceTimeBy(100 * FRAME_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThatNoException().isThrownBy(channel::checkException);
        assertThat((Object) channel.readInbound()).isNotNull();
    }

    @Test
    void closingWithAPartialFrameLeavesNoTimerBehind() {
        ByteBuf ping = ping(97L);
        channel.writeInbound(ping.readRetainedSlice(7));
        ping.release();
        channel.close();
        channel.advanceTimeBy(10 * FRAME_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThatNoException().isThrownBy(channel::checkException);
    }

    // ---------------------------------------------------------------- helpers

    private static List<FrameView> sampleFrames() {
        return List.of(
                FrameView.request(1L, 0, 1, 11, 12, 1, 0, Map.of(), BODY),
                FrameView.request(2L, Protocol.FLAG_CALLBACK, 2, 21, 22, 3, 5_000L, Map.of("a", "b", "ключ", "значение"),
                        new byte[] { 0, 1, 2, (byte) 0xFF }),
                FrameView.response(1L, Protocol.FLAG_EXECUTED, 1, RpcStatus.OK, "", "", 255, BODY),
                FrameView.response(2L, 0, 0, RpcStatus.APPLICATION_ERROR, "boom", "x.Y", 0, new byte[0]),
                FrameView.control(FrameType.ACK, 3L, Protocol.FLAG_EXECUTED),
                FrameView.control(FrameType.PING, 4L, 0),
                FrameView.control(FrameType.PONG, 4L, 0),
                FrameView.goAway(2L, RpcStatus.UNAVAILABLE, "draining"));
    }

    private List<FrameView> readAllViews() {
        List<FrameView> decoded = new ArrayList<>();
        for (Object frame; (frame = channel.readInbound()) != null;) {
            decoded.add(viewAndRelease(frame));
        }
        return decoded;
    }

    private static void release(Object frame) {
        if (frame instanceof RequestFrame request) {
            request.release();
        }
        else if (frame instanceof ResponseFrame response) {
            response.release();
        }
    }
}
