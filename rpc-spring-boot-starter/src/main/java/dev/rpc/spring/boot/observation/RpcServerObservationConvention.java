package dev.rpc.spring.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a server call's observation and its keys. Declare a bean of this type to replace
 * {@link DefaultRpcServerObservationConvention} (extend it to add keys), or register a
 * {@code GlobalObservationConvention} on the registry.
 */
public interface RpcServerObservationConvention extends ObservationConvention<RpcServerObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RpcServerObservationContext;
    }
}
