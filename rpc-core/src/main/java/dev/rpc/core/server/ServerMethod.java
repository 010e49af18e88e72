package dev.rpc.core.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.time.Duration;

import dev.rpc.core.internal.BufferSizeHint;
import dev.rpc.core.internal.LogThrottle;
import dev.rpc.core.serialization.MethodSerializer;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.service.MethodDescriptor;

/**
 * An exported method, resolved once at export: a method handle bound to the implementation and spread
 * over an argument array, and one serializer per enabled format, indexed by wire id.
 */
final class ServerMethod {

    /** The least time between two warnings about one method that its callers can trigger. */
    static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

    private final MethodDescriptor descriptor;

    private final MethodHandle invoker;

    private final MethodSerializer[] serializersByFormat;

    private final BufferSizeHint responseSize = new BufferSizeHint();

    private final LogThrottle warnings = new LogThrottle(WARNING_INTERVAL);

    ServerMethod(MethodDescriptor descriptor, Object implementation, MethodSerializer[] serializersByFormat) {
        this.descriptor = descriptor;
        this.serializersByFormat = serializersByFormat;
        this.invoker = bind(descriptor.method(), implementation);
    }

    private static MethodHandle bind(Method method, Object implementation) {
        try {
            method.setAccessible(true);
            MethodHandle handle = MethodHandles.lookup().unreflect(method).bindTo(implementation);
            return handle.asSpreader(Object[].class, method.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        }
        catch (IllegalAccessException | RuntimeException ex) {
            throw new IllegalArgumentException("cannot export " + method + ": " + ex.getMessage(), ex);
        }
    }

    /** Returns how large the last response of this method was, to size the next one's buffer. */
    BufferSizeHint responseSize() {
        return responseSize;
    }

    /** Returns the throttle of warnings about this method's calls, see {@link ServerCall}. */
    LogThrottle warnings() {
        return warnings;
    }

    MethodDescriptor descriptor() {
        return descriptor;
    }

    /** Returns the serializer for a wire format id, or {@code null} if the format is not enabled. */
    MethodSerializer serializer(int format) {
        return (format > 0 && format < serializersByFormat.length) ? serializersByFormat[format] : null;
    }

    /** Calls the implementation; exceptions of the service code propagate unchanged. */
    Object invoke(Object[] arguments) throws Throwable {
        return (Object) invoker.invokeExact(arguments);
    }

    static int formatSlots() {
        int max = 0;
        for (SerializationFormat format : SerializationFormat.values()) {
            max = Math.max(max, format.id());
        }
        return max + 1;
    }
}
