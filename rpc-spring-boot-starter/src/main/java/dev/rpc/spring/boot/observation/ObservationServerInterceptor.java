package dev.rpc.spring.boot.observation;

import java.util.concurrent.CompletableFuture;

import dev.rpc.core.server.ServerCallContext;
import dev.rpc.core.server.ServerInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.core.Ordered;

/**
 * Observes every call the server accepts: starts an observation when a worker takes the call (a tracing handler reads
 * the caller's trace context from its metadata, so the server span continues the client's trace), keeps it current
 * while the rest of the chain and the service method run on that thread (so calls the method makes are its children,
 * and with tracing the {@code traceId} and {@code spanId} are in the logging MDC, removed afterwards), and stops it
 * when the call ends: when the method returned, or when the {@code CompletableFuture} it returned completed.
 *
 * <p>Calls refused before any interceptor sees them (unknown method, server full or shutting down, deadline passed
 * in the queue) are not observed; the server's counters count them. It runs first of the server interceptors
 * ({@link #ORDER}), so refusals by the others (authentication, say) are observed, with the trace in the MDC.
 * Thread-safe.
 */
public final class ObservationServerInterceptor implements ServerInterceptor, Ordered {

    /** The order of this interceptor: before every interceptor of a lower precedence than {@code HIGHEST_PRECEDENCE + 1000}. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

    private static final RpcServerObservationConvention DEFAULT_CONVENTION = new DefaultRpcServerObservationConvention();

    private final ObservationRegistry registry;

    private final RpcServerObservationConvention convention;

    /**
     * Creates the interceptor.
     * @param registry where the observations are made
     * @param convention names and keys, or {@code null} for the registry's global convention or else
     *        {@link DefaultRpcServerObservationConvention}
     */
    public ObservationServerInterceptor(ObservationRegistry registry, RpcServerObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public CompletableFuture<Object> intercept(ServerCallContext call, Next next) {
        RpcServerObservationContext context = new RpcServerObservationContext(call);
        Observation observation = RpcObservationDocumentation.SERVER
                .observation(convention, DEFAULT_CONVENTION, () -> context, registry)
                .start();
        return ObservedCall.proceed(observation, context::setResponse, () -> next.proceed(call));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
