package dev.rpc.core.transport.tls;

import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.internal.codec.RejectedFrame;
import dev.rpc.core.internal.codec.RequestFrame;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.RpcStatus;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers the calls of a plaintext client on a TLS server with {@code UNAVAILABLE}, not executed, saying that
 * TLS is required, and sends GOAWAY after the first, so that the client closes the connection once answered. The
 * frames go no further: the services never see them. Sits after the frame decoder; a stream that is not this
 * protocol at all closes the connection.
 */
final class PlaintextRefusal extends ChannelInboundHandlerAdapter {

    private final String message;

    private boolean goneAway;

    PlaintextRefusal(String message) {
        this.message = message;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long requestId;
        if (msg instanceof RequestFrame request) {
            requestId = request.requestId();
            request.release();
        }
        else if (msg instanceof RejectedFrame rejected && rejected.type() == FrameType.REQUEST) {
            requestId = rejected.requestId();
        }
        else {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.write(FrameWriter.errorResponse(ctx.alloc(), requestId, RpcStatus.UNAVAILABLE, message, false));
        if (!goneAway) {
            goneAway = true;
            ctx.write(FrameWriter.goAway(ctx.alloc(), 0, RpcStatus.UNAVAILABLE, message));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
