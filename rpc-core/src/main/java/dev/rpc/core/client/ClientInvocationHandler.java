package dev.rpc.core.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.rpc.core.context.CallContext;
import dev.rpc.core.context.Cancellation;
import dev.rpc.core.context.Deadline;
import dev.rpc.core.internal.Settings;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.service.ServiceDescriptor;

/**
 * Turns a proxy call into one or more {@link PendingCall}s: encodes each attempt on the calling thread,
 * hands it to a connection of the {@link Endpoint} its {@link CallTarget} selects, and then waits, returns
 * a future, or returns at once, by the method's {@link CallMode}.
 *
 * <p>With discovered providers, a failed attempt is retried on another provider when the call certainly
 * did not run, or when it may have run and the method is idempotent; never otherwise. An attempt that never
 * left the client (no connection to its provider could be opened) does not count against
 * {@link RpcClientOptions#maxAttempts()}: it cost no server anything, and each provider is tried at most once
 * per call, so a call goes on past every provider it cannot reach to one it can (gRPC's transparent retry).
 */
final class ClientInvocationHandler implements InvocationHandler {

    /** Extra wait of a blocking caller beyond the call's own timeout, which the event loop enforces. */
    private static final long SAFETY_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final RpcClient client;

    private final ServiceDescriptor service;

    private final CallTarget target;

    private final Map<Method, ClientMethod> methods;

    private final List<ClientInterceptor> interceptors;

    ClientInvocationHandler(RpcClient client, ServiceDescriptor service, CallTarget target,
            Map<Method, ClientMethod> methods) {
        this.client = client;
        this.service = service;
        this.target = target;
        this.methods = methods;
        this.interceptors = client.options().interceptors();
    }

    @Override
    public Object invoke(Object proxy, Method javaMethod, Object[] arguments) throws Throwable {
        ClientMethod method = methods.get(javaMethod);
        if (method == null) {
            return invokeLocally(proxy, javaMethod, arguments);
        }
        if (method.mode() == CallMode.RESPONSE) {
            client.checkNotOnEventLoop(method);
        }
        CallContext context = CallContext.current();
        Deadline deadline = method.deadline(context);
        Map<String, String> metadata = method.metadata(context);
        if (!interceptors.isEmpty()) {
            ClientCall call = new ClientCall(method.descriptor(), arguments, method.mode(), deadline,
                    new LinkedHashMap<>(metadata));
            CompletableFuture<Object> outcome = new Chain(method, 0).proceed(call);
            return complete(method, outcome, context, deadline, new OutgoingCall() {
                @Override
                public void abandon() {
                    call.abandon();
                }

                @Override
                public CallbackCall asCallbackCall() {
                    return new CallbackCall(method.descriptor(), arguments, call.requestId(), call.server());
                }
            });
        }
        if (target instanceof FixedTarget fixed) {
            PendingCall call = send(fixed.endpoint().connection(), method, arguments, deadline, metadata);
            return complete(method, call.result, context, deadline, call);
        }
        FailoverCall call = new FailoverCall(method, arguments, deadline, metadata);
        attempt(call, client.options().maxAttempts(), null);
        return complete(method, call.outcome, context, deadline, call);
    }

    /**
     * Hands the outcome to the caller by the method's mode. A call whose caller gives up (it cancels the future, its
     * thread is interrupted, or the served call it was made for is cancelled) is abandoned, which tells the server.
     */
    private Object complete(ClientMethod method, CompletableFuture<Object> outcome, CallContext context,
            Deadline deadline, OutgoingCall call) throws Throwable {
        Cancellation cancellation = context.cancellation();
        if (cancellation != null) {
            Runnable stopListening = cancellation.onCancel(() -> outcome.completeExceptionally(method.failure(
                    RpcStatus.CANCELLED, "the call this one was made for was cancelled", ExecutionState.UNKNOWN, null)));
            outcome.whenComplete((value, failure) -> stopListening.run());
        }
        if (cancellation != null || (method.mode() == CallMode.FUTURE && !(outcome instanceof CallFuture))) {
            outcome.whenComplete((value, failure) -> {
                if (isCancellation(failure)) {
                    call.abandon();
                }
            });
        }
        return switch (method.mode()) {
            case RESPONSE -> await(method, outcome, deadline, call);
            case FUTURE -> outcome;
            case CALLBACK -> {
                reportCallback(method, outcome, call);
                yield null;
            }
        };
    }

    private static boolean isCancellation(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof CancellationException
                || (cause instanceof RpcException rpc && rpc.status() == RpcStatus.CANCELLED);
    }

    /** Sends a call to its target, fixed or discovered; the end of every interceptor chain. */
    private CompletableFuture<Object> send(ClientMethod method, ClientCall call) {
        try {
            Settings.requireMetadata(call.metadata());
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw method.failure(RpcStatus.INVALID_ARGUMENT, "an interceptor set invalid metadata: " + ex.getMessage()
                    + "; not sent", ExecutionState.NOT_EXECUTED, ex);
        }
        if (target instanceof FixedTarget fixed) {
            PendingCall attempt = send(fixed.endpoint().connection(), method, call.argumentsUnsafe(), call.deadline(),
                    call.metadata());
            call.sentTo(attempt, fixed.endpoint().address());
            return attempt.result;
        }
        FailoverCall failover = new FailoverCall(method, call.argumentsUnsafe(), call.deadline(), call.metadata());
        failover.intercepted = call;
        attempt(failover, client.options().maxAttempts(), null);
        return failover.outcome;
    }

    private PendingCall send(ClientConnection peer, ClientMethod method, Object[] arguments, Deadline deadline,
            Map<String, String> metadata) {
        long requestId = client.nextRequestId();
        PendingCall call = new PendingCall(requestId, method, arguments,
                method.encode(client.allocator(), requestId, arguments, deadline, metadata), deadline, peer);
        peer.send(call);
        return call;
    }

    private void attempt(FailoverCall call, int attemptsLeft, Throwable previousFailure) {
        Endpoint endpoint = target.select(call.tried);
        if (endpoint == null) {
            call.outcome.completeExceptionally(previousFailure != null ? previousFailure
                    : call.method.failure(RpcStatus.UNAVAILABLE, target.noProviderMessage() + "; not sent",
                            ExecutionState.NOT_EXECUTED, null));
            return;
        }
        PendingCall attempt;
        try {
            attempt = send(endpoint.connection(), call.method, call.arguments, call.deadline, call.metadata);
        }
        catch (RuntimeException ex) {
            call.outcome.completeExceptionally(ex);
            return;
        }
        call.latest = attempt;
        call.latestEndpoint = endpoint;
        if (call.intercepted != null) {
            call.intercepted.sentTo(attempt, endpoint.address());
        }
        endpoint.trackInFlight(attempt);
        attempt.result.whenComplete((value, failure) -> {
            if (failure == null) {
                call.outcome.complete(value);
            }
            else if (!call.deadline.isExpired() && !call.outcome.isDone() && mayRetry(call.method, failure)
                    && (attemptsLeft > 1 || !attempt.wasSent())) {
                call.tried.add(endpoint);
                client.failedOver();
                attempt(call, attempt.wasSent() ? attemptsLeft - 1 : attemptsLeft, failure);
            }
            else {
                call.outcome.completeExceptionally(failure);
            }
        });
    }

    /** The interceptors from {@code index} on, then {@link #send(ClientMethod, ClientCall)}. */
    private final class Chain implements ClientInterceptor.Next {

        private final ClientMethod method;

        private final int index;

        Chain(ClientMethod method, int index) {
            this.method = method;
            this.index = index;
        }

        @Override
        public CompletableFuture<Object> proceed(ClientCall call) {
            if (index == interceptors.size()) {
                try {
                    return send(method, call);
                }
                catch (RuntimeException ex) {
                    return CompletableFuture.failedFuture(ex);
                }
            }
            ClientInterceptor interceptor = interceptors.get(index);
            try {
                CompletableFuture<Object> outcome = interceptor.intercept(call, new Chain(method, index + 1));
                if (outcome == null) {
                    return CompletableFuture.failedFuture(interceptorFailure(interceptor, call, "returned null", null));
                }
                return outcome;
            }
            catch (RpcException ex) {
                return CompletableFuture.failedFuture(ex.service() != null ? ex : ex.forCall(service.name(),
                        method.descriptor().signature(), call.requestId() == 0 ? ExecutionState.NOT_EXECUTED
                                : ex.executionState()));
            }
            catch (RuntimeException ex) {
                return CompletableFuture.failedFuture(interceptorFailure(interceptor, call, "threw " + ex, ex));
            }
        }

        private RpcException interceptorFailure(ClientInterceptor interceptor, ClientCall call, String what,
                Throwable cause) {
            return method.failure(RpcStatus.INTERNAL, "client interceptor " + interceptor.getClass().getName() + " "
                    + what, call.requestId() == 0 ? ExecutionState.NOT_EXECUTED : ExecutionState.UNKNOWN, cause);
        }
    }

    /**
     * A call that certainly did not run may go elsewhere when its server was unreachable, shutting down or
     * too busy; one that may have run only if the method is idempotent and the answer was lost.
     */
    private static boolean mayRetry(ClientMethod method, Throwable failure) {
        if (!(failure instanceof RpcException rpc)) {
            return false;
        }
        boolean unreachable = rpc.status() == RpcStatus.UNAVAILABLE || rpc.status() == RpcStatus.RESOURCE_EXHAUSTED;
        return switch (rpc.executionState()) {
            case NOT_EXECUTED -> unreachable;
            case UNKNOWN -> method.idempotent() && rpc.status() == RpcStatus.UNAVAILABLE;
            case EXECUTED -> false;
        };
    }

    private Object await(ClientMethod method, CompletableFuture<Object> result, Deadline deadline, OutgoingCall call)
            throws Throwable {
        try {
            return result.get(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)) + SAFETY_MARGIN_NANOS,
                    TimeUnit.NANOSECONDS);
        }
        catch (ExecutionException ex) {
            Throwable failure = ex.getCause();
            if (failure instanceof RpcException rpc) {
                // a fresh exception, so that its stack trace shows the caller rather than an I/O thread
                throw rpc.forCall(rpc.service(), rpc.method(), rpc.executionState());
            }
            failure.fillInStackTrace();
            throw failure;
        }
        catch (TimeoutException ex) {
            RpcException timeout = method.failure(RpcStatus.DEADLINE_EXCEEDED, "no answer from " + target.describe()
                    + " and the I/O thread did not end the call", ExecutionState.UNKNOWN, ex);
            result.completeExceptionally(timeout);
            throw timeout;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            RpcException cancelled = method.failure(RpcStatus.CANCELLED, "the calling thread was interrupted",
                    ExecutionState.UNKNOWN, ex);
            if (result.completeExceptionally(cancelled)) {
                call.abandon();
            }
            throw cancelled;
        }
    }

    private void reportCallback(ClientMethod method, CompletableFuture<Object> result, OutgoingCall call) {
        CallbackListener listener = method.callbackListener();
        result.whenComplete((ignored, failure) -> {
            CallbackCall reported = call.asCallbackCall();
            try {
                if (failure == null) {
                    listener.onAcknowledged(reported);
                }
                else {
                    listener.onFailure(reported, failure);
                }
            }
            catch (RuntimeException ex) {
                CallbackListener.LOGGING.onFailure(reported, failure != null ? failure : ex);
            }
        });
    }

    /** One call to discovered providers, across its attempts. */
    private static final class FailoverCall implements OutgoingCall {

        final ClientMethod method;

        final Object[] arguments;

        final Deadline deadline;

        final Map<String, String> metadata;

        final CompletableFuture<Object> outcome = new CallFuture(this);

        final Set<Endpoint> tried = new HashSet<>();

        volatile PendingCall latest;

        volatile Endpoint latestEndpoint;

        /** The call as interceptors saw it, told about each attempt; {@code null} without interceptors. */
        ClientCall intercepted;

        FailoverCall(ClientMethod method, Object[] arguments, Deadline deadline, Map<String, String> metadata) {
            this.method = method;
            this.arguments = arguments;
            this.deadline = deadline;
            this.metadata = metadata;
        }

        @Override
        public void abandon() {
            PendingCall last = latest;
            if (last != null) {
                last.abandon();
            }
        }

        @Override
        public CallbackCall asCallbackCall() {
            PendingCall last = latest;
            Endpoint endpoint = latestEndpoint;
            return new CallbackCall(method.descriptor(), arguments, last == null ? 0 : last.requestId,
                    endpoint == null ? null : endpoint.address());
        }
    }

    private Object invokeLocally(Object proxy, Method method, Object[] arguments) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == arguments[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "RPC proxy of " + service.name() + " to " + target.describe();
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, arguments);
        }
        throw new UnsupportedOperationException(method + " is not a remote method of " + service.name());
    }
}
