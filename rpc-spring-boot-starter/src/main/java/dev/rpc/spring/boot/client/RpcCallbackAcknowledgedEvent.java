package dev.rpc.spring.boot.client;

import dev.rpc.core.client.CallbackCall;
import org.springframework.context.ApplicationEvent;

/**
 * Published when a server acknowledges a callback-mode call ({@code @Async void}): the method ran and
 * returned normally. Published on the starter's callback thread, never on an I/O thread.
 */
public class RpcCallbackAcknowledgedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient CallbackCall call;

    /** Creates the event. */
    public RpcCallbackAcknowledgedEvent(Object source, CallbackCall call) {
        super(source);
        this.call = call;
    }

    /** Returns the acknowledged call: method, arguments, request id, server. */
    public CallbackCall getCall() {
        return this.call;
    }
}
