package dev.rpc.core.serialization;

import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes and reads frame bodies through the real {@link MethodSerializer} of an interface method, as bytes:
 * every pooled buffer is released here, so a test can write with one side's interface and read with another's.
 */
final class Bodies {

    private Bodies() {
    }

    /** Returns the serializer of the method with this name (the first, if overloaded). */
    static MethodSerializer serializer(Class<?> api, String name, SerializationFormat format) {
        for (MethodDescriptor method : ServiceDescriptor.of(api).methods()) {
            if (method.name().equals(name)) {
                return JacksonSerialization.of(format).forMethod(method);
            }
        }
        throw new AssertionError(api.getName() + " has no method " + name);
    }

    /** Returns the body of a call with these arguments. */
    static byte[] writeArguments(MethodSerializer serializer, Object... arguments) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            serializer.writeArguments(arguments, buf);
            return ByteBufUtil.getBytes(buf);
        }
        finally {
            buf.release();
        }
    }

    /** Reads the body of a call and checks that nothing of it is left over. */
    static Object[] readArguments(MethodSerializer serializer, byte[] body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer().writeBytes(body);
        try {
            Object[] arguments = serializer.readArguments(buf);
            assertThat(buf.isReadable()).as("the whole body is read").isFalse();
            return arguments;
        }
        finally {
            buf.release();
        }
    }

    /** Returns the body of a reply with this result. */
    static byte[] writeResult(MethodSerializer serializer, Object result) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            serializer.writeResult(result, buf);
            return ByteBufUtil.getBytes(buf);
        }
        finally {
            buf.release();
        }
    }

    /** Reads the body of a reply. */
    static Object readResult(MethodSerializer serializer, byte[] body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer().writeBytes(body);
        try {
            return serializer.readResult(buf);
        }
        finally {
            buf.release();
        }
    }
}
