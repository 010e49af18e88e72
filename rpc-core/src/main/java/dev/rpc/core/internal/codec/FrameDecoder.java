package dev.rpc.core.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Splits the inbound byte stream into {@link Frame}s (see {@code docs/PROTOCOL.md}).
 *
 * <ul>
 * <li>A frame over {@code maxFrameSize}, or with a header block over {@code maxHeaderSize}, is reported as a
 * {@link RejectedFrame} as soon as its 20-byte prefix has arrived, so that it can be answered at once; then
 * its bytes are skipped as they arrive, never buffered, and the connection stays usable.
 * <li>A header block whose fields run past its end, or whose metadata is not well-formed UTF-8, or a REQUEST
 * with a negative timeout, gives a {@link RejectedFrame} too. Bytes after the last field of a header block are
 * ignored, so that a later revision may append fields.
 * <li>Wrong magic, an unsupported version, an unknown type, a negative length, or a frame that stays
 * incomplete for {@code frameTimeoutMillis} (skipped bytes included) raise a
 * {@link ProtocolViolationException}; from then on the decoder discards everything, and the next handler is
 * expected to close the connection.
 * </ul>
 * Bodies are retained slices of the inbound buffer: no copy. Messages of rejections and violations are this
 * class's own words, fit to send to the peer: they never quote a buffer or an exception.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameSize;

    private final int maxHeaderSize;

    private final long frameTimeoutMillis;

    private long bytesToDiscard;

    private boolean broken;

    private ScheduledFuture<?> stallTimer;

    private long framesDecoded;

    /**
     * Creates a decoder.
     * @param maxFrameSize the largest frame accepted, in bytes, prefix included
     * @param maxHeaderSize the largest header block accepted, in bytes
     * @param frameTimeoutMillis how long a started frame may stay incomplete
     */
    public FrameDecoder(int maxFrameSize, int maxHeaderSize, long frameTimeoutMillis) {
        if (maxFrameSize < Protocol.PREFIX_LENGTH) {
            throw new IllegalArgumentException("maxFrameSize must be at least " + Protocol.PREFIX_LENGTH + ": " + maxFrameSize);
        }
        if (maxHeaderSize < 0 || maxHeaderSize > 0xFFFF) {
            throw new IllegalArgumentException("maxHeaderSize must be within 0..65535: " + maxHeaderSize);
        }
        if (frameTimeoutMillis <= 0) {
            throw new IllegalArgumentException("frameTimeoutMillis must be positive: " + frameTimeoutMillis);
        }
        this.maxFrameSize = maxFrameSize;
        this.maxHeaderSize = maxHeaderSize;
        this.frameTimeoutMillis = frameTimeoutMillis;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (true) {
            if (bytesToDiscard > 0) {
                int skipped = (int) Math.min(bytesToDiscard, in.readableBytes());
                in.skipBytes(skipped);
                bytesToDiscard -= skipped;
                if (bytesToDiscard > 0) {
                    armStallTimer(ctx);
                    return;
                }
                frameCompleted();
            }
            int readable = in.readableBytes();
            if (readable == 0) {
                return;
            }
            int start = in.readerIndex();
            if (readable >= 2 && in.getUnsignedShort(start) != Protocol.MAGIC) {
                throw violation(in, RpcStatus.INVALID_ARGUMENT, ProtocolViolationException.UNKNOWN_REQUEST_ID,
                        String.format("bad magic 0x%04x: not a frame of this protocol%s", in.getUnsignedShort(start),
                                looksLikeTls(in, start) ? "; the bytes look like TLS: one side uses TLS and the other "
                                        + "does not (configure TLS on both, or on neither)" : ""));
            }
            if (readable >= 3 && in.getUnsignedByte(start + Protocol.VERSION_OFFSET) != Protocol.VERSION) {
                throw violation(in, RpcStatus.UNIMPLEMENTED, ProtocolViolationException.UNKNOWN_REQUEST_ID,
                        "protocol version " + in.getUnsignedByte(start + Protocol.VERSION_OFFSET) + " is not supported; this peer speaks "
                                + Protocol.VERSION);
            }
            if (readable < Protocol.PREFIX_LENGTH) {
                armStallTimer(ctx);
                return;
            }
            long requestId = in.getLong(start + Protocol.REQUEST_ID_OFFSET);
            int typeCode = in.getUnsignedByte(start + Protocol.TYPE_OFFSET);
            FrameType type = FrameType.fromCode(typeCode);
            if (type == null) {
                throw violation(in, RpcStatus.INVALID_ARGUMENT, requestId, "unknown frame type " + typeCode);
            }
            int headerLength = in.getUnsignedShort(start + Protocol.HEADER_LENGTH_OFFSET);
            int bodyLength = in.getInt(start + Protocol.BODY_LENGTH_OFFSET);
            if (bodyLength < 0) {
                throw violation(in, RpcStatus.INVALID_ARGUMENT, requestId, "negative body length " + bodyLength);
            }
            long frameLength = (long) Protocol.PREFIX_LENGTH + headerLength + bodyLength;
            if (headerLength > maxHeaderSize || frameLength > maxFrameSize) {
                // reported now, skipped as it arrives: a peer announcing 2 GiB hears back before sending it
                in.skipBytes(Protocol.PREFIX_LENGTH);
                bytesToDiscard = (long) headerLength + bodyLength;
                out.add(new RejectedFrame(type, requestId, RpcStatus.RESOURCE_EXHAUSTED,
                        tooLargeMessage(type, headerLength, frameLength)));
                if (bytesToDiscard == 0) {
                    frameCompleted();
                }
                continue;
            }
            if (readable < frameLength) {
                armStallTimer(ctx);
                return;
            }
            int flags = in.getUnsignedByte(start + Protocol.FLAGS_OFFSET);
            int format = in.getUnsignedByte(start + Protocol.FORMAT_OFFSET);
            in.skipBytes(Protocol.PREFIX_LENGTH);
            ByteBuf header = in.readSlice(headerLength);
            int bodyStart = in.readerIndex();
            in.skipBytes(bodyLength);
            frameCompleted();
            try {
                out.add(parse(type, requestId, flags, format, header, in, bodyStart, bodyLength));
            }
            catch (MalformedHeaderException ex) {
                out.add(new RejectedFrame(type, requestId, RpcStatus.INVALID_ARGUMENT,
                        "malformed " + type + " header block of " + headerLength + " bytes: " + ex.getMessage()));
            }
        }
    }

    private String tooLargeMessage(FrameType type, int headerLength, long frameLength) {
        if (headerLength > maxHeaderSize) {
            return type + " header block of " + headerLength + " bytes exceeds the limit of " + maxHeaderSize + " bytes";
        }
        return type + " frame of " + frameLength + " bytes exceeds the limit of " + maxFrameSize + " bytes";
    }

    private static Frame parse(FrameType type, long requestId, int flags, int format, ByteBuf header, ByteBuf in,
            int bodyStart, int bodyLength) {
        switch (type) {
            case REQUEST: {
                int serviceId = require(header, 4, "service id").readInt();
                int methodId = require(header, 4, "method id").readInt();
                int argumentCount = require(header, 1, "argument count").readUnsignedByte();
                long timeoutMicros = require(header, 8, "timeout").readLong();
                if (timeoutMicros < 0) {
                    throw new MalformedHeaderException("negative timeout " + timeoutMicros
                            + " (a signed 64-bit count of microseconds; 0 means none)");
                }
                Map<String, String> metadata = readMetadata(header);
                return new RequestFrame(requestId, flags, format, serviceId, methodId, argumentCount, timeoutMicros,
                        metadata, in.retainedSlice(bodyStart, bodyLength));
            }
            case RESPONSE: {
                RpcStatus status = RpcStatus.fromCode(require(header, 1, "status").readUnsignedByte());
                String message = readText(header, 2, "message", false);
                String errorType = readText(header, 2, "error type", false);
                int declaredIndex = require(header, 1, "declared exception").readUnsignedByte();
                return new ResponseFrame(requestId, flags, format, status, message, errorType, declaredIndex,
                        in.retainedSlice(bodyStart, bodyLength));
            }
            case GOAWAY: {
                RpcStatus status = RpcStatus.fromCode(require(header, 1, "status").readUnsignedByte());
                return new ControlFrame(type, requestId, flags, status, readText(header, 2, "message", false));
            }
            default:
                return new ControlFrame(type, requestId, flags, RpcStatus.OK, "");
        }
    }

    private static Map<String, String> readMetadata(ByteBuf header) {
        int count = require(header, 2, "metadata count").readUnsignedShort();
        if (count == 0) {
            return Map.of();
        }
        Map<String, String> metadata = new HashMap<>(Math.min(count, 64) * 2);
        for (int i = 0; i < count; i++) {
            String key = readText(header, 1, "key of metadata entry " + (i + 1), true);
            metadata.put(key, readText(header, 2, "value of metadata entry " + (i + 1), true));
        }
        return metadata;
    }

    /**
     * Reads a length-prefixed text. Metadata must be well-formed UTF-8, since it is handed to the service as it
     * came; a message is only shown, and malformed bytes in it are replaced.
     */
    private static String readText(ByteBuf header, int lengthBytes, String field, boolean strict) {
        require(header, lengthBytes, "length of the " + field);
        int length = lengthBytes == 1 ? header.readUnsignedByte() : header.readUnsignedShort();
        if (length == 0) {
            return "";
        }
        if (length > header.readableBytes()) {
            throw new MalformedHeaderException("the " + field + " of " + length + " bytes runs past its end");
        }
        if (strict && !ByteBufUtil.isText(header, header.readerIndex(), length, StandardCharsets.UTF_8)) {
            throw new MalformedHeaderException("the " + field + " is not well-formed UTF-8");
        }
        String text = header.toString(header.readerIndex(), length, StandardCharsets.UTF_8);
        header.skipBytes(length);
        return text;
    }

    /** Returns the header block once it is known to hold {@code bytes} more bytes for {@code field}. */
    private static ByteBuf require(ByteBuf header, int bytes, String field) {
        if (header.readableBytes() < bytes) {
            throw new MalformedHeaderException("it ends inside the " + field);
        }
        return header;
    }

    /**
     * A header block that cannot be read; its message is sent to the peer. Without a stack trace: a peer may
     * send many, and the frame, not the decoder, is at fault.
     */
    private static final class MalformedHeaderException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedHeaderException(String message) {
            super(message, null, false, false);
        }
    }

    private ProtocolViolationException violation(ByteBuf in, RpcStatus status, long requestId, String message) {
        broken = true;
        cancelStallTimer();
        in.skipBytes(in.readableBytes());
        return new ProtocolViolationException(status, requestId, message);
    }

    private void armStallTimer(ChannelHandlerContext ctx) {
        if (stallTimer != null) {
            return;
        }
        long frameAtArming = framesDecoded;
        stallTimer = ctx.executor().schedule(() -> {
            stallTimer = null;
            if (!broken && framesDecoded == frameAtArming) {
                broken = true;
                ctx.fireExceptionCaught(new ProtocolViolationException(RpcStatus.INVALID_ARGUMENT,
                        ProtocolViolationException.UNKNOWN_REQUEST_ID,
                        "frame incomplete after " + frameTimeoutMillis + " ms: connection stalled mid-frame"));
            }
        }, frameTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void frameCompleted() {
        framesDecoded++;
        cancelStallTimer();
    }

    /** A TLS record starts with a content type from 20 to 23 and major version 3. */
    private static boolean looksLikeTls(ByteBuf in, int start) {
        int type = in.getUnsignedByte(start);
        return type >= 20 && type <= 23 && in.getUnsignedByte(start + 1) == 3;
    }

    private void cancelStallTimer() {
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelStallTimer();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelStallTimer();
        super.channelInactive(ctx);
    }
}
