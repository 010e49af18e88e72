package dev.rpc.core.internal.codec;

import java.util.Map;

import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes frames straight into a {@link ByteBuf}, prefix, header block and body in one buffer, so the
 * body never passes through an intermediate array. A frame is written in three steps:
 * {@link #beginFrame}, the header block, {@link #endHeader}, the body, {@link #endFrame}; the lengths
 * in the prefix are filled in at the end.
 *
 * <p>Stateless and thread-safe; callers own the buffers they pass.
 */
public final class FrameWriter {

    /**
     * Longest message or type name written in a header block, in chars; longer text is cut, never rejected.
     * Two such fields at 3 UTF-8 bytes a char still fit the default 8 KiB header limit.
     */
    static final int MAX_TEXT_LENGTH = 1024;

    private FrameWriter() {
    }

    /**
     * Writes a frame prefix with zero lengths.
     * @return the index at which the frame starts, to pass to {@link #endHeader} and {@link #endFrame}
     */
    public static int beginFrame(ByteBuf out, FrameType type, int flags, int format, long requestId) {
        int start = out.writerIndex();
        out.writeShort(Protocol.MAGIC);
        out.writeByte(Protocol.VERSION);
        out.writeByte(type.code());
        out.writeByte(flags);
        out.writeByte(format);
        out.writeLong(requestId);
        out.writeShort(0);
        out.writeInt(0);
        return start;
    }

    /**
     * Records the length of the header block written since {@link #beginFrame}.
     * @throws IllegalArgumentException if the header block exceeds 65535 bytes
     */
    public static void endHeader(ByteBuf out, int frameStart) {
        int headerLength = out.writerIndex() - frameStart - Protocol.PREFIX_LENGTH;
        if (headerLength > 0xFFFF) {
            throw new IllegalArgumentException("header block of " + headerLength + " bytes exceeds 65535");
        }
        out.setShort(frameStart + Protocol.HEADER_LENGTH_OFFSET, headerLength);
    }

    /**
     * Records the length of the body written since {@link #endHeader}.
     * @return the length of the whole frame
     */
    public static int endFrame(ByteBuf out, int frameStart) {
        int headerLength = out.getUnsignedShort(frameStart + Protocol.HEADER_LENGTH_OFFSET);
        int frameLength = out.writerIndex() - frameStart;
        out.setInt(frameStart + Protocol.BODY_LENGTH_OFFSET, frameLength - Protocol.PREFIX_LENGTH - headerLength);
        return frameLength;
    }

    /** Writes a REQUEST header block. */
    public static void writeRequestHeader(ByteBuf out, int serviceId, int methodId, int argumentCount,
            long timeoutMicros, Map<String, String> metadata) {
        out.writeInt(serviceId);
        out.writeInt(methodId);
        out.writeByte(argumentCount);
        out.writeLong(timeoutMicros);
        out.writeShort(metadata.size());
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            // metadata is data, never cut: a value over 65535 UTF-8 bytes is refused
            writeText(out, entry.getKey(), 1, Integer.MAX_VALUE);
            writeText(out, entry.getValue(), 2, Integer.MAX_VALUE);
        }
    }

    /** Writes a RESPONSE header block. */
    public static void writeResponseHeader(ByteBuf out, RpcStatus status, String message, String errorType,
            int declaredIndex) {
        out.writeByte(status.code());
        writeText(out, message, 2, MAX_TEXT_LENGTH);
        writeText(out, errorType, 2, MAX_TEXT_LENGTH);
        out.writeByte(declaredIndex);
    }

    /**
     * Returns a complete RESPONSE frame with an error status and no body.
     * @param executed whether the method was started
     */
    public static ByteBuf errorResponse(ByteBufAllocator alloc, long requestId, RpcStatus status, String message,
            boolean executed) {
        ByteBuf out = alloc.buffer(64 + (message == null ? 0 : Math.min(message.length(), MAX_TEXT_LENGTH) * 3));
        int start = beginFrame(out, FrameType.RESPONSE, executed ? Protocol.FLAG_EXECUTED : 0, Protocol.FORMAT_NONE,
                requestId);
        writeResponseHeader(out, status, message, "", Protocol.NO_DECLARED_EXCEPTION);
        endHeader(out, start);
        endFrame(out, start);
        return out;
    }

    /** Returns a complete ACK, PING or PONG frame. */
    public static ByteBuf control(ByteBufAllocator alloc, FrameType type, long requestId, int flags) {
        ByteBuf out = alloc.buffer(Protocol.PREFIX_LENGTH);
        beginFrame(out, type, flags, Protocol.FORMAT_NONE, requestId);
        return out;
    }

    /** Returns a complete GOAWAY frame. */
    public static ByteBuf goAway(ByteBufAllocator alloc, long lastRequestId, RpcStatus status, String message) {
        ByteBuf out = alloc.buffer(64 + (message == null ? 0 : Math.min(message.length(), MAX_TEXT_LENGTH) * 3));
        int start = beginFrame(out, FrameType.GOAWAY, 0, Protocol.FORMAT_NONE, lastRequestId);
        out.writeByte(status.code());
        writeText(out, message, 2, MAX_TEXT_LENGTH);
        endHeader(out, start);
        endFrame(out, start);
        return out;
    }

    private static void writeText(ByteBuf out, String text, int lengthBytes, int maxChars) {
        if (text == null || text.isEmpty()) {
            writeLength(out, 0, lengthBytes);
            return;
        }
        String bounded = text;
        if (text.length() > maxChars) {
            int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
            bounded = text.substring(0, end);
        }
        int length = ByteBufUtil.utf8Bytes(bounded);
        int limit = lengthBytes == 1 ? 0xFF : 0xFFFF;
        if (length > limit) {
            throw new IllegalArgumentException("text of " + length + " UTF-8 bytes exceeds " + limit + ": " + bounded);
        }
        writeLength(out, length, lengthBytes);
        ByteBufUtil.reserveAndWriteUtf8(out, bounded, length);
    }

    private static void writeLength(ByteBuf out, int length, int lengthBytes) {
        if (lengthBytes == 1) {
            out.writeByte(length);
        }
        else {
            out.writeShort(length);
        }
    }
}
