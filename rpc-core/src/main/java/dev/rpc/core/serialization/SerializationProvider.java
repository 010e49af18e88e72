package dev.rpc.core.serialization;

/**
 * Gives a client or a server the {@link Serialization} of each format it uses: the one format of a client's
 * calls, every format a server accepts. Set on {@code RpcClientOptions} and {@code RpcServerOptions};
 * the default is {@code JacksonSerialization.builder().build()}.
 *
 * <p>Asked once per format when the client or server is created, never during a call. Must be thread-safe.
 */
@FunctionalInterface
public interface SerializationProvider {

    /**
     * Returns the serialization of a format.
     * @return a serialization whose {@link Serialization#format()} is {@code format}
     * @throws UnsafeSerializationException if the serialization's configuration would let a payload choose a class
     */
    Serialization get(SerializationFormat format);

    /**
     * Returns the serialization of a format from a provider, checking that it is of that format.
     * @throws IllegalStateException if the provider returns {@code null} or a serialization of another format
     */
    static Serialization require(SerializationProvider provider, SerializationFormat format) {
        Serialization serialization = provider.get(format);
        if (serialization == null || serialization.format() != format) {
            throw new IllegalStateException("the SerializationProvider " + provider + " returned "
                    + (serialization == null ? "null" : "a " + serialization.format() + " serialization")
                    + " when asked for " + format);
        }
        return serialization;
    }
}
