package dev.rpc.core.server;

import java.util.concurrent.CompletableFuture;

/**
 * Sees every call a server accepts, in all three modes, before its arguments are parsed and when it ends: the place
 * for authentication, authorization, tracing, metrics, tenancy. Set an ordered list with
 * {@link RpcServerOptions.Builder#interceptors}; the first one sees the call first and its outcome last.
 *
 * <pre>{@code
 * ServerInterceptor tenants = (call, next) -> {
 *     String tenant = call.metadata().get("tenant");
 *     if (tenant == null) {
 *         throw new RpcException(RpcStatus.UNAUTHENTICATED, "no tenant");        // answered NOT_EXECUTED
 *     }
 *     call.put(TENANT, tenant);                       // the method reads ServerCallContext.current().get(TENANT)
 *     return next.proceed(call);
 * };
 * }</pre>
 *
 * <p>{@link #intercept} runs on the thread that then runs the service method (a worker, or the event loop with
 * {@link ServerExecutor#direct()}), before the arguments are parsed, so a refusal costs no parsing. Code around
 * {@code next.proceed} wraps the method itself: a thread-local set before it (a security context, a logging MDC) is
 * seen by the method and can be cleared after it, in a {@code finally} block. The returned stage completes when the
 * call ends: with the method's result ({@code null} for {@code void} and callback mode, answered with ACK), or when a
 * {@code CompletableFuture} the method returned completes; stages attached to it run on whichever thread completes
 * it and must not block.
 *
 * <p>To refuse a call, throw (or return a failed stage with) an {@link dev.rpc.core.protocol.RpcException}: the caller
 * gets its status and message, and, if {@code next.proceed} was not called, knows the method did not run
 * ({@code NOT_EXECUTED}). An interceptor that throws anything else fails that one call with {@code INTERNAL}; the
 * connection and other calls are unaffected. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ServerInterceptor {

    /**
     * Intercepts one call.
     * @param call the call: its method, metadata, deadline and caller, and values to hand to the method
     * @param next the rest of the chain, which parses the arguments and runs the method
     * @return the outcome: usually {@code next.proceed(call)}, or a stage derived from it
     */
    CompletableFuture<Object> intercept(ServerCallContext call, Next next);

    /** The rest of the chain: the next interceptor, or the server itself, which runs the method. */
    @FunctionalInterface
    interface Next {

        /** Passes the call on; call at most once. */
        CompletableFuture<Object> proceed(ServerCallContext call);
    }
}
