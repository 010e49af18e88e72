package dev.rpc.spring.boot.observation;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.rpc.core.client.CallMode;
import dev.rpc.core.client.ClientCall;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.spring.boot.observation.RpcObservationDocumentation.ClientHighCardinalityKeys;
import dev.rpc.spring.boot.observation.RpcObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of a client call: observation {@value #NAME} (so timers {@code rpc.client} and
 * {@code rpc.client.active}), contextual name {@code <service>/<method>} (the span's name), the keys of
 * {@link RpcObservationDocumentation#CLIENT}. Extend it to add keys; thread-safe.
 */
public class DefaultRpcClientObservationConvention implements RpcClientObservationConvention {

    /** The observation's name, and so the timer's. */
    public static final String NAME = "rpc.client";

    /** The value of {@code rpc.system}. */
    public static final String SYSTEM = "dev_rpc";

    private static final KeyValue RPC_SYSTEM = KeyValue.of(LowCardinalityKeys.RPC_SYSTEM, SYSTEM);

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(RpcClientObservationContext context) {
        ClientCall call = context.getCall();
        return call.method().service().name() + "/" + call.method().name();
    }

    /** The keys of calls that succeeded (and of every call as it starts), by method and mode: computed once each. */
    private final Map<MethodDescriptor, KeyValues[]> succeeded = new ConcurrentHashMap<>();

    @Override
    public KeyValues getLowCardinalityKeyValues(RpcClientObservationContext context) {
        ClientCall call = context.getCall();
        if (context.getError() != null) {
            return keyValues(call, context.getStatus().name(), CallOutcomes.errorType(context.getError()));
        }
        KeyValues[] byMode = succeeded.computeIfAbsent(call.method(), method -> new KeyValues[CallMode.values().length]);
        KeyValues keyValues = byMode[call.mode().ordinal()];
        if (keyValues == null) {
            keyValues = keyValues(call, RpcStatus.OK.name(), CallOutcomes.NO_ERROR);
            byMode[call.mode().ordinal()] = keyValues; // a race computes the same value twice, harmlessly
        }
        return keyValues;
    }

    private static KeyValues keyValues(ClientCall call, String status, String errorType) {
        return KeyValues.of(RPC_SYSTEM,
                KeyValue.of(LowCardinalityKeys.RPC_SERVICE, call.method().service().name()),
                KeyValue.of(LowCardinalityKeys.RPC_METHOD, call.method().name()),
                KeyValue.of(LowCardinalityKeys.CALL_MODE, call.mode().name().toLowerCase(Locale.ROOT)),
                KeyValue.of(LowCardinalityKeys.STATUS_CODE, status),
                KeyValue.of(LowCardinalityKeys.ERROR_TYPE, errorType));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RpcClientObservationContext context) {
        ClientCall call = context.getCall();
        InetSocketAddress server = call.server();
        if (server == null) {
            return KeyValues.empty(); // not sent yet
        }
        return KeyValues.of(KeyValue.of(ClientHighCardinalityKeys.SERVER_ADDRESS, server.getHostString()),
                KeyValue.of(ClientHighCardinalityKeys.SERVER_PORT, Integer.toString(server.getPort())),
                KeyValue.of(ClientHighCardinalityKeys.REQUEST_ID, Long.toString(call.requestId())));
    }
}
