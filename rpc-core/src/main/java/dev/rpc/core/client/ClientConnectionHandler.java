package dev.rpc.core.client;

import java.io.IOException;

import dev.rpc.core.internal.codec.ControlFrame;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.internal.codec.ProtocolViolationException;
import dev.rpc.core.internal.codec.RejectedFrame;
import dev.rpc.core.internal.codec.ResponseFrame;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one open channel, the counterpart of the server's {@code ServerConnection}: hands answers,
 * ACKs, GOAWAY and the channel's end to its {@link ClientConnection}, answers the server's PINGs, probes a silent
 * server and closes the channel after three silent intervals, and notes whether the server knows CANCEL. Runs on
 * the connection's event loop.
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(ClientConnectionHandler.class);

    private static final int SILENT_INTERVALS_BEFORE_CLOSE = 3;

    /** Set once the server showed it knows CANCEL frames; a server that does not would close the connection. */
    private static final AttributeKey<Boolean> CANCEL_SUPPORTED =
            AttributeKey.valueOf(ClientConnectionHandler.class, "cancelSupported");

    private final ClientConnection connection;

    private String closeReason = "closed by the server";

    private boolean cancelSupported;

    private int silentIntervals;

    ClientConnectionHandler(ClientConnection connection) {
        this.connection = connection;
    }

    /** Returns whether the server at the other end of a channel showed it knows CANCEL. */
    static boolean cancelSupported(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(CANCEL_SUPPORTED).get());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        silentIntervals = 0;
        if (!cancelSupported && (flagsOf(msg) & Protocol.FLAG_CANCEL_SUPPORTED) != 0) {
            cancelSupported = true;
            ctx.channel().attr(CANCEL_SUPPORTED).set(Boolean.TRUE);
        }
        if (msg instanceof ResponseFrame response) {
            connection.onResponse(response);
        }
        else if (msg instanceof ControlFrame control) {
            switch (control.type()) {
                case ACK -> connection.onAck(control.requestId());
                case PING -> ctx.writeAndFlush(FrameWriter.control(ctx.alloc(), FrameType.PONG, control.requestId(), 0));
                case GOAWAY -> connection.onGoAway(ctx.channel(), control);
                default -> {
                }
            }
        }
        else if (msg instanceof RejectedFrame rejected) {
            connection.onRejected(rejected);
        }
        else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            if (++silentIntervals >= SILENT_INTERVALS_BEFORE_CLOSE) {
                closeReason = "no frame from the server for " + silentIntervals + " ping intervals";
                ctx.close();
            }
            else {
                ctx.writeAndFlush(FrameWriter.control(ctx.alloc(), FrameType.PING, 0, 0));
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolViolationException violation) {
            closeReason = "protocol violation: " + violation.getMessage();
            logger.warn("Closing connection to {}: {}", connection.address(), violation.getMessage());
        }
        else if (cause instanceof IOException) {
            closeReason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
            logger.debug("Connection to {} failed: {}", connection.address(), cause.toString());
        }
        else {
            closeReason = cause.toString();
            logger.warn("Closing connection to {} after an unexpected error", connection.address(), cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.onClosed(ctx.channel(), closeReason);
    }

    private static int flagsOf(Object frame) {
        if (frame instanceof ResponseFrame response) {
            return response.flags();
        }
        return frame instanceof ControlFrame control ? control.flags() : 0;
    }
}
