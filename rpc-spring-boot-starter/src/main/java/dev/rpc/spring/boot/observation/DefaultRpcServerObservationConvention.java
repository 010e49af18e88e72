package dev.rpc.spring.boot.observation;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.ServerCallContext;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.spring.boot.observation.RpcObservationDocumentation.LowCardinalityKeys;
import dev.rpc.spring.boot.observation.RpcObservationDocumentation.ServerHighCardinalityKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of a served call: observation {@value #NAME} (so timers {@code rpc.server} and
 * {@code rpc.server.active}), contextual name {@code <service>/<method>} (the span's name), the keys of
 * {@link RpcObservationDocumentation#SERVER}. Extend it to add keys; thread-safe.
 */
public class DefaultRpcServerObservationConvention implements RpcServerObservationConvention {

    /** The observation's name, and so the timer's. */
    public static final String NAME = "rpc.server";

    private static final KeyValue RPC_SYSTEM = KeyValue.of(LowCardinalityKeys.RPC_SYSTEM,
            DefaultRpcClientObservationConvention.SYSTEM);

    private static final KeyValue CALLBACK = KeyValue.of(LowCardinalityKeys.CALL_MODE, "callback");

    private static final KeyValue RESPONSE = KeyValue.of(LowCardinalityKeys.CALL_MODE, "response");

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(RpcServerObservationContext context) {
        ServerCallContext call = context.getCall();
        return call.service() + "/" + call.method().name();
    }

    /** The keys of calls that succeeded (and of every call as it starts), by method and mode: computed once each. */
    private final Map<MethodDescriptor, KeyValues[]> succeeded = new ConcurrentHashMap<>();

    @Override
    public KeyValues getLowCardinalityKeyValues(RpcServerObservationContext context) {
        ServerCallContext call = context.getCall();
        if (context.getError() != null) {
            return keyValues(call, context.getStatus().name(), CallOutcomes.errorType(context.getError()));
        }
        KeyValues[] byMode = succeeded.computeIfAbsent(call.method(), method -> new KeyValues[2]);
        int mode = call.isCallback() ? 1 : 0;
        KeyValues keyValues = byMode[mode];
        if (keyValues == null) {
            keyValues = keyValues(call, RpcStatus.OK.name(), CallOutcomes.NO_ERROR);
            byMode[mode] = keyValues; // a race computes the same value twice, harmlessly
        }
        return keyValues;
    }

    private static KeyValues keyValues(ServerCallContext call, String status, String errorType) {
        return KeyValues.of(RPC_SYSTEM,
                KeyValue.of(LowCardinalityKeys.RPC_SERVICE, call.service()),
                KeyValue.of(LowCardinalityKeys.RPC_METHOD, call.method().name()),
                call.isCallback() ? CALLBACK : RESPONSE,
                KeyValue.of(LowCardinalityKeys.STATUS_CODE, status),
                KeyValue.of(LowCardinalityKeys.ERROR_TYPE, errorType));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RpcServerObservationContext context) {
        ServerCallContext call = context.getCall();
        KeyValue requestId = KeyValue.of(ServerHighCardinalityKeys.REQUEST_ID, Long.toString(call.requestId()));
        SocketAddress remote = call.remoteAddress();
        if (remote instanceof InetSocketAddress peer) {
            return KeyValues.of(requestId,
                    KeyValue.of(ServerHighCardinalityKeys.PEER_ADDRESS, peer.getAddress() != null
                            ? peer.getAddress().getHostAddress() : peer.getHostString()),
                    KeyValue.of(ServerHighCardinalityKeys.PEER_PORT, Integer.toString(peer.getPort())));
        }
        return KeyValues.of(requestId);
    }
}
