package dev.rpc.core.serialization;

import io.netty.buffer.ByteBuf;

/**
 * Encodes and decodes the bodies of one method's frames, straight into and out of {@link ByteBuf}s.
 * Thread-safe. Readers never release the buffers they are given; writers append at the writer index.
 * Every method throws {@link SerializationException} when a value does not fit the method's types.
 */
public interface MethodSerializer {

    /** Writes the arguments of a call. */
    void writeArguments(Object[] arguments, ByteBuf out);

    /** Reads the arguments of a call, as the method's parameter types. */
    Object[] readArguments(ByteBuf in);

    /** Writes the result of a call; writes nothing for a {@code void} method. */
    void writeResult(Object result, ByteBuf out);

    /** Reads the result of a call, as the method's result type; {@code null} for a {@code void} method. */
    Object readResult(ByteBuf in);

    /** Writes an exception the method declares, at the given index of its {@code throws} clause. */
    void writeException(int declaredIndex, Throwable exception, ByteBuf out);

    /** Reads an exception as the type at the given index of the method's {@code throws} clause. */
    Throwable readException(int declaredIndex, ByteBuf in);
}
