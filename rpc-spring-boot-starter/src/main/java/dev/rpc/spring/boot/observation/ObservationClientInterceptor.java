package dev.rpc.spring.boot.observation;

import java.util.concurrent.CompletableFuture;

import dev.rpc.core.client.ClientCall;
import dev.rpc.core.client.ClientInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.core.Ordered;

/**
 * Observes every call of the client: starts an observation before the call is sent (so a tracing handler writes the
 * trace context into its metadata, and the current observation, a served call's for instance, becomes its parent),
 * and stops it when the outcome arrives: the result, the failure, or in callback mode the ACK. Stopping happens on the
 * I/O thread that completes the call, without blocking; the caller's own stage is returned unchanged.
 *
 * <p>It runs first of the client interceptors ({@link #ORDER}), so that what the others do, refusing a call included,
 * is inside the observation. Thread-safe.
 */
public final class ObservationClientInterceptor implements ClientInterceptor, Ordered {

    /** The order of this interceptor: before every interceptor of a lower precedence than {@code HIGHEST_PRECEDENCE + 1000}. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

    private static final RpcClientObservationConvention DEFAULT_CONVENTION = new DefaultRpcClientObservationConvention();

    private final ObservationRegistry registry;

    private final RpcClientObservationConvention convention;

    /**
     * Creates the interceptor.
     * @param registry where the observations are made
     * @param convention names and keys, or {@code null} for the registry's global convention or else
     *        {@link DefaultRpcClientObservationConvention}
     */
    public ObservationClientInterceptor(ObservationRegistry registry, RpcClientObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public CompletableFuture<Object> intercept(ClientCall call, Next next) {
        RpcClientObservationContext context = new RpcClientObservationContext(call);
        Observation observation = RpcObservationDocumentation.CLIENT
                .observation(convention, DEFAULT_CONVENTION, () -> context, registry)
                .start();
        return ObservedCall.proceed(observation, context::setResponse, () -> next.proceed(call));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
