package dev.rpc.core.client;

import dev.rpc.core.protocol.RpcException;
import org.slf4j.LoggerFactory;

/**
 * Receives the outcome of {@link CallMode#CALLBACK} calls. Called on an I/O thread: implementations must
 * return quickly and must not block (hand slow work to an executor of your own).
 */
public interface CallbackListener {

    /** Logs failures at WARN with service, method and request id; ignores acknowledgements. */
    CallbackListener LOGGING = new CallbackListener() {
        @Override
        public void onFailure(CallbackCall call, Throwable failure) {
            LoggerFactory.getLogger(CallbackListener.class).warn("Callback-mode call {} failed{}", call,
                    failure instanceof RpcException rpc ? " (" + rpc.executionState() + ")" : "", failure);
        }
    };

    /** The server ran the method and it returned normally. */
    default void onAcknowledged(CallbackCall call) {
    }

    /**
     * The call failed: an {@link RpcException} (whose {@code executionState()} says whether the method may
     * have run), or an exception the method declares, thrown by the service.
     */
    void onFailure(CallbackCall call, Throwable failure);
}
