package dev.rpc.core.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.internal.codec.FrameDecoder;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.JacksonSerialization;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server side of one connection on an {@link EmbeddedChannel}: frames in, answers out, a queue of calls the test
 * runs by hand, and frozen time.
 */
class ServerConnectionTests {

    public interface Echo {

        String echo(String text);
    }

    private final List<String> ran = new CopyOnWriteArrayList<>();

    private final Queue<Runnable> queued = new ArrayDeque<>();

    private final Executor queue = queued::add;

    private final ServerActivity activity = new ServerActivity();

    private EmbeddedChannel channel;

    private EmbeddedChannel open(RpcServerOptions.Builder options) {
        RpcServerOptions built = options.idleTimeout(Duration.ofSeconds(60)).build();
        ServiceRegistry registry = new ServiceRegistry(List.of(JacksonSerialization.of(SerializationFormat.JSON)), false);
        registry.export(ServiceDescriptor.of(Echo.class), (Echo) text -> {
            ran.add(text);
            return text;
        });
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new IdleStateHandler(built.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                new FrameDecoder(built.maxFrameSize(), built.maxHeaderSize(), built.frameTimeout().toMillis()),
                new ServerConnection(built, activity, registry, queue));
        return channel;
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aCallCancelledBeforeAWorkerTakesItNeverRunsAndIsNotAnswered() {
        open(RpcServerOptions.builder());

        channel.writeInbound(request(7, "first"));
        channel.writeInbound(FrameWriter.control(UnpooledByteBufAllocator.DEFAULT, FrameType.CANCEL, 7, 0));
        runQueuedCalls();

        assertThat(ran).isEmpty();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(activity.calls()).isZero();
    }

    @Test
    void aCancelForACallAlreadyAnsweredOrUnknownIsIgnored() {
        open(RpcServerOptions.builder());

        channel.writeInbound(request(1, "done"));
        runQueuedCalls();
        ByteBuf answer = channel.readOutbound();
        channel.writeInbound(FrameWriter.control(UnpooledByteBufAllocator.DEFAULT, FrameType.CANCEL, 1, 0));
        channel.writeInbound(FrameWriter.control(UnpooledByteBufAllocator.DEFAULT, FrameType.CANCEL, 99, 0));

        try {
            assertThat(answer.getUnsignedByte(answer.readerIndex() + 3)).isEqualTo((short) FrameType.RESPONSE.code());
            assertThat(answer.getUnsignedByte(answer.readerIndex() + 4) & Protocol.FLAG_CANCEL_SUPPORTED)
                    .as("the answer tells the client it may send CANCEL").isNotZero();
        }
        finally {
            answer.release();
        }
        assertThat(channel.isActive()).isTrue();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void callsBeyondTheConnectionsBoundAreRefusedWithoutRunning() {
        open(RpcServerOptions.builder().maxConcurrentCallsPerConnection(1));

        channel.writeInbound(request(1, "accepted"));
        channel.writeInbound(request(2, "refused"));

        assertThat(statusOf(channel.readOutbound())).isEqualTo(RpcStatus.RESOURCE_EXHAUSTED);
        runQueuedCalls();
        assertThat(statusOf(channel.readOutbound())).isEqualTo(RpcStatus.OK);
        assertThat(ran).containsExactly("accepted");
    }

    @Test
    void afterGoAwayACallIsAnsweredUnavailableWithoutRunning() {
        open(RpcServerOptions.builder());
        channel.pipeline().get(ServerConnection.class).goAway("shutting down");
        channel.runPendingTasks();
        ByteBuf goAway = channel.readOutbound();
        goAway.release();

        channel.writeInbound(request(3, "late"));

        ByteBuf answer = channel.readOutbound();
        assertThat(answer.getUnsignedByte(answer.readerIndex() + 4) & Protocol.FLAG_EXECUTED).isZero();
        assertThat(statusOf(answer)).isEqualTo(RpcStatus.UNAVAILABLE);
        assertThat(queued).isEmpty();
    }

    @Test
    void aHalfClosedConnectionClosesOnceItsLastCallIsAnswered() {
        open(RpcServerOptions.builder());

        channel.writeInbound(request(5, "before the half-close"));
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(channel.isOpen()).as("a call is still running").isTrue();
        runQueuedCalls();

        assertThat(statusOf(channel.readOutbound())).isEqualTo(RpcStatus.OK);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() {
        open(RpcServerOptions.builder());

        channel.advanceTimeBy(59, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
    }

    private void runQueuedCalls() {
        Runnable call;
        while ((call = queued.poll()) != null) {
            call.run();
        }
        channel.runPendingTasks();
    }

    private static ByteBuf request(long requestId, String text) {
        MethodDescriptor echo = ServiceDescriptor.of(Echo.class).methods().get(0);
        ByteBuf frame = Unpooled.buffer();
        int start = FrameWriter.beginFrame(frame, FrameType.REQUEST, 0, SerializationFormat.JSON.id(), requestId);
        FrameWriter.writeRequestHeader(frame, echo.service().id(), echo.id(), 1, 0, Map.of());
        FrameWriter.endHeader(frame, start);
        frame.writeCharSequence("[\"" + text + "\"]", StandardCharsets.UTF_8);
        FrameWriter.endFrame(frame, start);
        return frame;
    }

    private static RpcStatus statusOf(ByteBuf frame) {
        try {
            int headerStart = frame.readerIndex() + Protocol.PREFIX_LENGTH;
            return RpcStatus.fromCode(frame.getUnsignedByte(headerStart));
        }
        finally {
            frame.release();
        }
    }
}
