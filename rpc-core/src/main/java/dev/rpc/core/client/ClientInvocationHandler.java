package dev.rpc.core.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

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

    ClientInvocationHandler(RpcClient client, ServiceDescriptor service, CallTarget target,
            Map<Method, ClientMethod> methods) {
        this.client = client;
        this.service = service;
        this.target = target;
        this.methods = methods;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
        ClientMethod target = methods.get(method);
        if (target == null) {
            return invokeLocally(proxy, method, arguments);
        }
        if (target.mode() == CallMode.RESPONSE) {
            client.checkNotOnEventLoop(target);
        }
        long deadlineNanos = System.nanoTime() + target.timeoutNanos();
        if (this.target instanceof FixedTarget fixed) {
            PendingCall call = send(fixed.endpoint().connection(), target, arguments, deadlineNanos);
            return complete(target, call.result, () -> call.asCallbackCall(fixed.endpoint().address()));
        }
        FailoverCall call = new FailoverCall(target, arguments, deadlineNanos);
        attempt(call, client.options().maxAttempts(), null);
        return complete(target, call.outcome, call::asCallbackCall);
    }

    private Object complete(ClientMethod method, CompletableFuture<Object> result,
            Supplier<CallbackCall> callbackCall) throws Throwable {
        return switch (method.mode()) {
            case RESPONSE -> await(method, result);
            case FUTURE -> result;
            case CALLBACK -> {
                reportCallback(method, result, callbackCall);
                yield null;
            }
        };
    }

    private PendingCall send(Peer peer, ClientMethod method, Object[] arguments, long deadlineNanos) {
        long requestId = client.nextRequestId();
        PendingCall call = new PendingCall(requestId, method, arguments,
                method.encode(client.allocator(), requestId, arguments), deadlineNanos);
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
            attempt = send(endpoint.connection(), call.method, call.arguments, call.deadlineNanos);
        }
        catch (RuntimeException ex) {
            call.outcome.completeExceptionally(ex);
            return;
        }
        call.latest = attempt;
        call.latestEndpoint = endpoint;
        endpoint.trackInFlight(attempt);
        attempt.result.whenComplete((value, failure) -> {
            if (failure == null) {
                call.outcome.complete(value);
            }
            else if (System.nanoTime() - call.deadlineNanos < 0 && mayRetry(call.method, failure)
                    && (attemptsLeft > 1 || !attempt.wasSent())) {
                call.tried.add(endpoint);
                attempt(call, attempt.wasSent() ? attemptsLeft - 1 : attemptsLeft, failure);
            }
            else {
                call.outcome.completeExceptionally(failure);
            }
        });
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

    private Object await(ClientMethod method, CompletableFuture<Object> result) throws Throwable {
        try {
            return result.get(method.timeoutNanos() + SAFETY_MARGIN_NANOS, TimeUnit.NANOSECONDS);
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
            result.completeExceptionally(cancelled);
            throw cancelled;
        }
    }

    private void reportCallback(ClientMethod method, CompletableFuture<Object> result,
            Supplier<CallbackCall> callbackCall) {
        CallbackListener listener = method.callbackListener();
        result.whenComplete((ignored, failure) -> {
            CallbackCall reported = callbackCall.get();
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
    private static final class FailoverCall {

        final ClientMethod method;

        final Object[] arguments;

        final long deadlineNanos;

        final CompletableFuture<Object> outcome = new CompletableFuture<>();

        final Set<Endpoint> tried = new HashSet<>();

        volatile PendingCall latest;

        volatile Endpoint latestEndpoint;

        FailoverCall(ClientMethod method, Object[] arguments, long deadlineNanos) {
            this.method = method;
            this.arguments = arguments;
            this.deadlineNanos = deadlineNanos;
        }

        CallbackCall asCallbackCall() {
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
