package dev.rpc.core.client;

import java.util.concurrent.CompletableFuture;

/**
 * Sees every call a client makes, in all three modes, before it is sent and when it ends: the place for credentials,
 * tracing, metrics, auditing. Set an ordered list with {@link RpcClientOptions.Builder#interceptors}; the first one
 * sees the call first and its outcome last.
 *
 * <pre>{@code
 * ClientInterceptor tenant = (call, next) -> {
 *     call.metadata().put("tenant", currentTenant());          // added before the call is sent
 *     return next.proceed(call).whenComplete((result, failure) -> audit(call, failure));
 * };
 * }</pre>
 *
 * <p>{@link #intercept} runs on the thread that makes the call, before anything is sent; it may read and add metadata,
 * fail the call locally (throw, or return a failed future, with an {@link dev.rpc.core.protocol.RpcException} of the
 * status you choose), or wrap the outcome. The outcome (result, error, or in callback mode the server's ACK, as
 * {@code null}) completes on an I/O thread: stages attached to it must not block. An interceptor that throws anything
 * else fails that one call with {@code INTERNAL}, never the connection. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ClientInterceptor {

    /**
     * Intercepts one call.
     * @param call the call about to be sent; its metadata may be changed until {@code next.proceed} is called
     * @param next the rest of the chain, which sends the call
     * @return the outcome: usually {@code next.proceed(call)}, or a stage derived from it
     */
    CompletableFuture<Object> intercept(ClientCall call, Next next);

    /** The rest of the chain: the next interceptor, or the client itself, which sends the call. */
    @FunctionalInterface
    interface Next {

        /** Passes the call on; call at most once. */
        CompletableFuture<Object> proceed(ClientCall call);
    }
}
