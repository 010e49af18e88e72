package dev.rpc.spring.boot.observation;

import java.util.Map;

import dev.rpc.core.client.ClientCall;
import dev.rpc.core.protocol.RpcStatus;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.RequestReplySenderContext;

/**
 * What a client observation knows of its call: the {@link ClientCall} (method, mode, and once sent, the server and
 * request id), the result and the failure. Its carrier is the call's metadata, which a tracing handler writes the
 * trace context into ({@code traceparent} with W3C propagation) before the call is sent.
 */
public class RpcClientObservationContext extends RequestReplySenderContext<Map<String, String>, Object> {

    private final ClientCall call;

    /**
     * Creates the context of one call.
     * @param call the call about to be sent, whose metadata is still mutable
     */
    public RpcClientObservationContext(ClientCall call) {
        super(RpcClientObservationContext::put, Kind.CLIENT);
        this.call = call;
        setCarrier(call.metadata());
    }

    private static void put(Map<String, String> metadata, String key, String value) {
        if (metadata != null) {
            metadata.put(key, value);
        }
    }

    /** Returns the call observed. */
    public ClientCall getCall() {
        return call;
    }

    /**
     * Returns the status the call ended with so far: {@code OK} until a failure is recorded; then the failure's
     * status, {@code APPLICATION_ERROR} for a declared exception.
     */
    public RpcStatus getStatus() {
        return CallOutcomes.status(getError());
    }
}
