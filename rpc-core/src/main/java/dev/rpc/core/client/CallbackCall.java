package dev.rpc.core.client;

import java.net.InetSocketAddress;

import dev.rpc.core.service.MethodDescriptor;

/**
 * A callback-mode call, as reported to a {@link CallbackListener}.
 *
 * @param method the method called
 * @param arguments the arguments it was called with
 * @param requestId the id the call carried on the wire
 * @param address the server it was last sent to, or {@code null} if no server was found
 */
public record CallbackCall(MethodDescriptor method, Object[] arguments, long requestId, InetSocketAddress address) {

    @Override
    public String toString() {
        return method + " (request " + requestId + (address == null ? ", no server" : " to " + ClientConnection.describe(address)) + ")";
    }
}
