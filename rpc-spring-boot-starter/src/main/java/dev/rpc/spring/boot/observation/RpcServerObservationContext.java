package dev.rpc.spring.boot.observation;

import java.util.Map;

import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.ServerCallContext;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.RequestReplyReceiverContext;

/**
 * What a server observation knows of its call: the {@link ServerCallContext} (method, caller, request id), the result
 * and the failure. Its carrier is the caller's metadata, which a tracing handler reads the caller's trace context from.
 */
public class RpcServerObservationContext extends RequestReplyReceiverContext<Map<String, String>, Object> {

    private final ServerCallContext call;

    /**
     * Creates the context of one call.
     * @param call the call being served
     */
    public RpcServerObservationContext(ServerCallContext call) {
        super(RpcServerObservationContext::get, Kind.SERVER);
        this.call = call;
        setCarrier(call.metadata());
    }

    private static String get(Map<String, String> metadata, String key) {
        return metadata == null ? null : metadata.get(key);
    }

    /** Returns the call observed. */
    public ServerCallContext getCall() {
        return call;
    }

    /**
     * Returns the status of the call's answer so far: {@code OK} until a failure is recorded; then the failure's
     * status, {@code APPLICATION_ERROR} for an exception the method threw.
     */
    public RpcStatus getStatus() {
        return CallOutcomes.status(getError());
    }
}
