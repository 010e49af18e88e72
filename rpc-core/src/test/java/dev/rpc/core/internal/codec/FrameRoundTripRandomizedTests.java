package dev.rpc.core.internal.codec;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.internal.codec.TestFrames.FrameView;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Randomized round trips through {@link FrameWriter} and {@link FrameDecoder}. Every run uses a new seed,
 * printed at the start and in every failure message; rerun a failure with {@code -Drpc.test.seed=<seed>}.
 */
class FrameRoundTripRandomizedTests {

    static final int ROUND_TRIP_CASES = 1_800;

    static final int GARBAGE_CASES = 2_500;

    static final int TRUNCATION_CASES = 1_000;

    static final int TRACKED_ONE_IN = 10;

    static final int CORRUPTION_CASES = 1_200;

    private static final int MAX_FRAME = Protocol.DEFAULT_MAX_FRAME_SIZE;

    private static final int MAX_HEADER = Protocol.DEFAULT_MAX_HEADER_SIZE;

    private static final FrameType[] TYPES = FrameType.values();

    private static final RpcStatus[] STATUSES = RpcStatus.values();

    private static long seed;

    private static long startNanos;

    private static long startCpuNanos;

    @BeforeAll
    static void chooseSeed() {
        startNanos = System.nanoTime();
        startCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        String configured = System.getProperty("rpc.test.seed");
        seed = configured == null || configured.isBlank() ? System.nanoTime() : Long.parseLong(configured.trim());
        System.out.println("FrameRoundTripRandomizedTests seed: " + seed + " (rerun with -Drpc.test.seed=" + seed + ")");
    }

    @AfterAll
    static void reportCost() {
        System.out.printf("FrameRoundTripRandomizedTests: %d cases in %d ms (%d ms CPU on the test thread), seed %d%n",
                ROUND_TRIP_CASES + GARBAGE_CASES + TRUNCATION_CASES + CORRUPTION_CASES,
                (System.nanoTime() - startNanos) / 1_000_000,
                (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - startCpuNanos) / 1_000_000, seed);
    }

    /** A random generator per test, so one test can be rerun alone with the same seed. */
    private static SplittableRandom random(String test) {
        return new SplittableRandom(seed ^ test.hashCode());
    }

    /**
     * Whether a case feeds buffers that Netty's leak detector tracks. At paranoid level every access to a
     * tracked buffer records a stack trace, which makes a case about ten times slower, so one case in
     * {@value #TRACKED_ONE_IN} is tracked end to end (input, cumulation, body slices); in the others only
     * the buffers the decoder allocates itself (merged cumulations) are tracked.
     */
    private static boolean tracked(SplittableRandom random) {
        return random.nextInt(TRACKED_ONE_IN) == 0;
    }

    private static String where(int caseNumber) {
        return "seed " + seed + " (-Drpc.test.seed=" + seed + "), case " + caseNumber;
    }

    @Test
    void randomValidFramesSplitIntoRandomChunksRoundTripExactly() {
        SplittableRandom random = random("roundTrip");
        for (int c = 0; c < ROUND_TRIP_CASES; c++) {
            List<FrameView> frames = new ArrayList<>();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                frames.add(randomFrame(random));
            }
            ByteBuf stream = TestFrames.stream(frames, tracked(random));

            EmbeddedChannel channel = newChannel();
            try {
                feedInRandomChunks(channel, stream, random, where(c));
                List<FrameView> decoded = new ArrayList<>();
                for (Object frame; (frame = channel.readInbound()) != null;) {
                    decoded.add(TestFrames.viewAndRelease(frame));
                }
                assertThat(decoded).as(where(c)).containsExactlyElementsOf(frames);
            }
            finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    @Test
    void randomGarbageGivesOnlyViolationsOrWellFormedFrames() {
        SplittableRandom random = random("garbage");
        Outcomes outcomes = new Outcomes();
        for (int c = 0; c < GARBAGE_CASES; c++) {
            ByteBuf garbage = TestFrames.scratch();
            int blocks = 1 + random.nextInt(4);
            for (int b = 0; b < blocks; b++) {
                // Mostly plausible prefixes, so the decoder gets past the magic and version checks.
                if (random.nextInt(4) != 0) {
                    garbage.writeShort(random.nextInt(20) == 0 ? random.nextInt(0x10000) : Protocol.MAGIC);
                    garbage.writeByte(random.nextInt(20) == 0 ? random.nextInt(256) : Protocol.VERSION);
                    garbage.writeByte(random.nextInt(8));
                    garbage.writeByte(random.nextInt(256));
                    garbage.writeByte(random.nextInt(256));
                    garbage.writeLong(random.nextLong());
                    int headerLength = random.nextInt(5) == 0 ? random.nextInt(0x10000) : random.nextInt(40);
                    int bodyLength = random.nextInt(10) == 0 ? random.nextInt() : random.nextInt(40);
                    garbage.writeShort(headerLength);
                    garbage.writeInt(bodyLength);
                }
                byte[] tail = new byte[random.nextInt(80)];
                random.nextBytes(tail);
                garbage.writeBytes(tail);
            }
            feedAndCheckRobustness(tracked(random) ? TestFrames.tracked(garbage) : garbage, random, where(c), outcomes);
        }
        outcomes.assertEveryOutcomeSeen("seed " + seed + ", garbage");
    }

    @Test
    void truncatedStreamsDecodeEveryCompleteFrameAndNothingElse() {
        SplittableRandom random = random("truncation");
        for (int c = 0; c < TRUNCATION_CASES; c++) {
            List<FrameView> frames = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int i = 0; i < count; i++) {
                frames.add(randomFrame(random));
                ends.add(TestFrames.length(frames));
            }
            ByteBuf stream = TestFrames.stream(frames, tracked(random));
            int cut = random.nextInt(stream.writerIndex());
            stream.writerIndex(cut);
            int complete = (int) ends.stream().filter(end -> end <= cut).count();

            EmbeddedChannel channel = newChannel();
            try {
                feedInRandomChunks(channel, stream, random, where(c));
                List<FrameView> decoded = new ArrayList<>();
                for (Object frame; (frame = channel.readInbound()) != null;) {
                    decoded.add(TestFrames.viewAndRelease(frame));
                }
                assertThat(decoded).as(where(c) + ", cut at byte " + cut)
                        .containsExactlyElementsOf(frames.subList(0, complete));
            }
            finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    @Test
    void singleByteCorruptionsGiveOnlyViolationsOrWellFormedFrames() {
        SplittableRandom random = random("corruption");
        Outcomes outcomes = new Outcomes();
        for (int c = 0; c < CORRUPTION_CASES; c++) {
            List<FrameView> frames = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                frames.add(randomFrame(random));
            }
            ByteBuf stream = TestFrames.stream(frames, tracked(random));
            // Corrupt prefixes more often than bodies: that is where the decoder makes its decisions.
            int frameLength = stream.writerIndex();
            int index = random.nextBoolean() ? random.nextInt(Math.min(frameLength, Protocol.PREFIX_LENGTH + 24))
                    : random.nextInt(frameLength);
            int old = stream.getUnsignedByte(index);
            stream.setByte(index, (old + 1 + random.nextInt(255)) & 0xFF);
            feedAndCheckRobustness(stream, random, where(c) + ", byte " + index + " changed from " + old, outcomes);
        }
        outcomes.assertEveryOutcomeSeen("seed " + seed + ", corruption");
    }

    /** What the robustness cases led to, to check that they reach every path of the decoder. */
    private static final class Outcomes {

        int violations;

        int rejected;

        int decoded;

        void assertEveryOutcomeSeen(String where) {
            assertThat(violations).as(where + ": cases that ended in a protocol violation").isPositive();
            assertThat(rejected).as(where + ": rejected frames").isPositive();
            assertThat(decoded).as(where + ": decoded frames").isPositive();
        }
    }

    /**
     * Feeds the bytes in random chunks; the only exception allowed out of the pipeline is a
     * {@link ProtocolViolationException}, after which nothing else may come out; every frame that comes
     * out has a body inside the bytes fed and exactly as long as its prefix said.
     */
    private static void feedAndCheckRobustness(ByteBuf input, SplittableRandom random, String where,
            Outcomes outcomes) {
        byte[] fed = ByteBufUtil.getBytes(input);
        EmbeddedChannel channel = newChannel();
        try {
            boolean violated = false;
            while (input.isReadable()) {
                int chunk = randomChunk(random, input.readableBytes());
                boolean violatedBefore = violated;
                try {
                    channel.writeInbound(input.readRetainedSlice(chunk));
                }
                catch (ProtocolViolationException ex) {
                    assertThat(violated).as(where + ": a second violation after the first").isFalse();
                    assertThat(ex.status()).as(where).isIn(RpcStatus.INVALID_ARGUMENT, RpcStatus.UNIMPLEMENTED);
                    violated = true;
                    outcomes.violations++;
                }
                catch (RuntimeException ex) {
                    fail(where + ": the pipeline threw " + ex, ex);
                }
                for (Object frame; (frame = channel.readInbound()) != null;) {
                    // frames decoded before the violation, in the same read, are still delivered
                    assertThat(violatedBefore).as(where + ": a frame after the violation").isFalse();
                    if (frame instanceof RejectedFrame) {
                        outcomes.rejected++;
                    }
                    else {
                        outcomes.decoded++;
                    }
                    checkWellFormed(frame, fed, where);
                }
            }
            if (random.nextBoolean()) {
                channel.advanceTimeBy(1, TimeUnit.DAYS);
                channel.runScheduledPendingTasks();
                try {
                    channel.checkException();
                }
                catch (ProtocolViolationException ex) {
                    assertThat(violated).as(where + ": a stall after a violation").isFalse();
                    outcomes.violations++;
                }
                catch (RuntimeException ex) {
                    fail(where + ": the frame timer threw " + ex, ex);
                }
            }
        }
        finally {
            input.release();
            try {
                channel.finishAndReleaseAll();
            }
            catch (ProtocolViolationException ignored) {
                // a stall noticed while closing is a typed violation too
            }
            catch (RuntimeException ex) {
                fail(where + ": closing the pipeline threw " + ex, ex);
            }
        }
    }

    private static void checkWellFormed(Object frame, byte[] fed, String where) {
        assertThat(frame).as(where).isInstanceOf(Frame.class);
        ByteBuf body = frame instanceof RequestFrame request ? request.body()
                : frame instanceof ResponseFrame response ? response.body() : null;
        try {
            if (body != null) {
                assertThat(body.refCnt()).as(where + ": body released before its consumer got it").isPositive();
                assertThat(body.readerIndex()).as(where).isZero();
                assertThat(body.readableBytes()).as(where + ": body longer than the input").isLessThanOrEqualTo(
                        fed.length - Protocol.PREFIX_LENGTH);
                byte[] content = ByteBufUtil.getBytes(body); // throws if the slice reaches outside its buffer
                assertThat(content).as(where).hasSize(body.readableBytes());
                assertThat(indexOf(fed, content)).as(where + ": body bytes that were never fed").isNotNegative();
            }
            if (frame instanceof RejectedFrame rejected) {
                assertThat(rejected.status()).as(where).isIn(RpcStatus.INVALID_ARGUMENT, RpcStatus.RESOURCE_EXHAUSTED);
            }
        }
        finally {
            if (frame instanceof RequestFrame request) {
                request.release();
            }
            else if (frame instanceof ResponseFrame response) {
                response.release();
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static EmbeddedChannel newChannel() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME, MAX_HEADER, 10_000));
        channel.freezeTime();
        return channel;
    }

    /** Feeds and releases the stream, in chunks from one byte to the whole. */
    private static void feedInRandomChunks(EmbeddedChannel channel, ByteBuf stream, SplittableRandom random,
            String where) {
        try {
            boolean whole = random.nextInt(4) == 0;
            while (stream.isReadable()) {
                int chunk = whole ? stream.readableBytes() : randomChunk(random, stream.readableBytes());
                channel.writeInbound(stream.readRetainedSlice(chunk));
            }
        }
        catch (RuntimeException ex) {
            fail(where + ": feeding valid frames threw " + ex, ex);
        }
        finally {
            stream.release();
        }
    }

    /**
     * A chunk length from 1 to {@code remaining}: a third of the time up to 8 bytes (splitting prefixes
     * and header fields), a third up to 64, a third anything, so a long stream takes few chunks.
     */
    private static int randomChunk(SplittableRandom random, int remaining) {
        int bound = switch (random.nextInt(3)) {
            case 0 -> 8;
            case 1 -> 64;
            default -> remaining;
        };
        return 1 + random.nextInt(Math.min(bound, remaining));
    }

    // ---------------------------------------------------------------- random frames

    private static FrameView randomFrame(SplittableRandom random) {
        FrameType type = TYPES[random.nextInt(TYPES.length)];
        long requestId = randomLong(random);
        return switch (type) {
            case REQUEST -> FrameView.request(requestId, random.nextInt(256), random.nextInt(256), random.nextInt(),
                    random.nextInt(), random.nextInt(256),
                    random.nextInt(4) == 0 ? 0 : random.nextLong(Long.MAX_VALUE),
                    randomMetadata(random), randomBody(random));
            case RESPONSE -> FrameView.response(requestId, random.nextInt(256), random.nextInt(256),
                    STATUSES[random.nextInt(STATUSES.length)], randomText(random, 200), randomText(random, 100),
                    random.nextInt(256), randomBody(random));
            case GOAWAY -> FrameView.goAway(requestId, STATUSES[random.nextInt(STATUSES.length)],
                    randomText(random, 200));
            default -> FrameView.control(type, requestId, random.nextInt(256));
        };
    }

    private static long randomLong(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(1000);
            case 1 -> random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(3) : Long.MIN_VALUE + random.nextInt(3);
            default -> random.nextLong();
        };
    }

    private static Map<String, String> randomMetadata(SplittableRandom random) {
        int count = random.nextInt(3) == 0 ? random.nextInt(8) : 0;
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < count; i++) {
            metadata.put(randomText(random, 60), randomText(random, 100));
        }
        return metadata;
    }

    private static byte[] randomBody(SplittableRandom random) {
        int length = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(4000);
            default -> random.nextInt(64);
        };
        byte[] body = new byte[length];
        random.nextBytes(body);
        return body;
    }

    /** Text of up to {@code maxCodePoints} code points: ASCII, Latin, CJK and astral characters. */
    private static String randomText(SplittableRandom random, int maxCodePoints) {
        int length = random.nextInt(3) == 0 ? 0 : random.nextInt(maxCodePoints + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int codePoint = switch (random.nextInt(6)) {
                case 0 -> 0x80 + random.nextInt(0x700);
                case 1 -> 0x4E00 + random.nextInt(0x5000);
                case 2 -> 0x1F300 + random.nextInt(0x300);
                default -> 0x20 + random.nextInt(0x5F);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }
}
