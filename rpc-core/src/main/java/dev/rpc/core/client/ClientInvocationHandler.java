package dev.rpc.core.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.service.ServiceDescriptor;
import io.netty.buffer.ByteBuf;

/**
 * Turns a proxy call into a {@link PendingCall}: encodes it on the calling thread, hands it to the
 * {@link Peer}, and then waits, returns a future, or returns at once, by the method's {@link CallMode}.
 */
final class ClientInvocationHandler implements InvocationHandler {

    /** Extra wait of a blocking caller beyond the call's own timeout, which the event loop enforces. */
    private static final long SAFETY_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final RpcClient client;

    private final ServiceDescriptor service;

    private final Peer peer;

    private final Map<Method, ClientMethod> methods;

    ClientInvocationHandler(RpcClient client, ServiceDescriptor service, Peer peer, Map<Method, ClientMethod> methods) {
        this.client = client;
        this.service = service;
        this.peer = peer;
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
        long requestId = client.nextRequestId();
        ByteBuf frame = target.encode(client.allocator(), requestId, arguments);
        PendingCall call = new PendingCall(requestId, target, arguments, frame, System.nanoTime() + target.timeoutNanos());
        peer.send(call);
        return switch (target.mode()) {
            case RESPONSE -> await(call);
            case FUTURE -> call.result;
            case CALLBACK -> {
                reportCallback(call);
                yield null;
            }
        };
    }

    private Object await(PendingCall call) throws Throwable {
        try {
            return call.result.get(call.method.timeoutNanos() + SAFETY_MARGIN_NANOS, TimeUnit.NANOSECONDS);
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
            RpcException timeout = call.method.failure(RpcStatus.DEADLINE_EXCEEDED, "no answer from "
                    + Peer.describe(peer.address()) + " and the I/O thread did not end the call", ExecutionState.UNKNOWN, ex);
            call.result.completeExceptionally(timeout);
            throw timeout;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            RpcException cancelled = call.method.failure(RpcStatus.CANCELLED, "the calling thread was interrupted",
                    ExecutionState.UNKNOWN, ex);
            call.result.completeExceptionally(cancelled);
            throw cancelled;
        }
    }

    private void reportCallback(PendingCall call) {
        CallbackListener listener = call.method.callbackListener();
        call.result.whenComplete((ignored, failure) -> {
            CallbackCall reported = call.asCallbackCall(peer.address());
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

    private Object invokeLocally(Object proxy, Method method, Object[] arguments) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == arguments[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "RPC proxy of " + service.name() + " at " + Peer.describe(peer.address());
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, arguments);
        }
        throw new UnsupportedOperationException(method + " is not a remote method of " + service.name());
    }

}
