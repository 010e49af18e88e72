package dev.rpc.core.e2e;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** A plain blocking socket that speaks the protocol byte by byte, to send what a well-behaved client never would. */
final class RawConnection implements AutoCloseable {

    private final Socket socket;

    private final DataInputStream in;

    private final OutputStream out;

    RawConnection(int port) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Shuts down the output: the server reads the end of the stream (a half-close). */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Returns the bytes of a REQUEST frame with a JSON body. */
    static byte[] request(long requestId, int serviceId, int methodId, int argumentCount, String jsonBody) {
        return request(requestId, serviceId, methodId, argumentCount, 0, jsonBody);
    }

    /** Returns the bytes of a REQUEST frame with a JSON body and the given timeout. */
    static byte[] request(long requestId, int serviceId, int methodId, int argumentCount, long timeoutMicros,
            String jsonBody) {
        ByteBuf frame = Unpooled.buffer();
        try {
            int start = FrameWriter.beginFrame(frame, FrameType.REQUEST, 0, 1, requestId);
            FrameWriter.writeRequestHeader(frame, serviceId, methodId, argumentCount, timeoutMicros, Map.of());
            FrameWriter.endHeader(frame, start);
            frame.writeCharSequence(jsonBody, StandardCharsets.UTF_8);
            FrameWriter.endFrame(frame, start);
            return ByteBufUtil.getBytes(frame);
        }
        finally {
            frame.release();
        }
    }

    /** Reads one frame; its header block is parsed for RESPONSE and GOAWAY. */
    Received read() throws IOException {
        byte[] prefix = new byte[Protocol.PREFIX_LENGTH];
        in.readFully(prefix);
        ByteBuf header = Unpooled.wrappedBuffer(prefix);
        FrameType type = FrameType.fromCode(header.getUnsignedByte(3));
        int flags = header.getUnsignedByte(4);
        long requestId = header.getLong(6);
        byte[] rest = new byte[header.getUnsignedShort(14) + header.getInt(16)];
        in.readFully(rest);
        RpcStatus status = RpcStatus.OK;
        String message = "";
        if (type == FrameType.RESPONSE || type == FrameType.GOAWAY) {
            ByteBuf block = Unpooled.wrappedBuffer(rest);
            status = RpcStatus.fromCode(block.readUnsignedByte());
            int length = block.readUnsignedShort();
            message = block.toString(block.readerIndex(), length, StandardCharsets.UTF_8);
        }
        return new Received(type, flags, requestId, status, message,
                new String(rest, StandardCharsets.UTF_8));
    }

    /** Returns whether the server closed the connection (end of stream) before {@code timeoutMillis}. */
    boolean closedByPeer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        }
        catch (SocketTimeoutException ex) {
            return false;
        }
        catch (EOFException ex) {
            return true;
        }
        catch (IOException ex) {
            return true; // reset by peer
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Received(FrameType type, int flags, long requestId, RpcStatus status, String message, String rawRest) {

        boolean executed() {
            return (flags & Protocol.FLAG_EXECUTED) != 0;
        }
    }
}
