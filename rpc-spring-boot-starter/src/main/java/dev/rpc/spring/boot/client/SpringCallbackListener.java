package dev.rpc.spring.boot.client;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.rpc.core.client.CallbackCall;
import dev.rpc.core.client.CallbackListener;
import dev.rpc.core.protocol.RpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Reports the outcome of callback-mode calls ({@code @Async void} methods) the Spring way: a failure goes to
 * the application's {@link AsyncUncaughtExceptionHandler} (from its {@code AsyncConfigurer}), or, without
 * one, to a WARN log naming the service, method and request id; an acknowledgement is published as a
 * {@link RpcCallbackAcknowledgedEvent}.
 *
 * <p>The client calls this listener on an I/O thread, where nothing may block: both are handed to a single
 * thread of this listener ({@code rpc-callback-*}), with a queue of {@value #QUEUE_CAPACITY} outcomes. If the
 * queue is full, a failure is logged at once rather than dropped silently, and an acknowledgement is
 * dropped. No thread waits for a pending call.
 */
public class SpringCallbackListener implements CallbackListener, DisposableBean {

    /** How many outcomes may wait for the callback thread. */
    public static final int QUEUE_CAPACITY = 10_000;

    private static final Logger logger = LoggerFactory.getLogger(SpringCallbackListener.class);

    private final Supplier<AsyncUncaughtExceptionHandler> handler;

    private final ApplicationEventPublisher events;

    private final ThreadPoolExecutor executor;

    /**
     * Creates the listener.
     * @param handler returns the application's handler, or {@code null} for the WARN log; asked at each failure
     * @param events where acknowledgements are published
     */
    public SpringCallbackListener(Supplier<AsyncUncaughtExceptionHandler> handler, ApplicationEventPublisher events) {
        this.handler = handler;
        this.events = events;
        CustomizableThreadFactory threads = new CustomizableThreadFactory("rpc-callback-");
        threads.setDaemon(true);
        this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                threads, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public void onAcknowledged(CallbackCall call) {
        try {
            this.executor.execute(() -> this.events.publishEvent(new RpcCallbackAcknowledgedEvent(this, call)));
        }
        catch (RejectedExecutionException ex) {
            logger.debug("Acknowledgement of {} not published: callback queue full or closed", call);
        }
    }

    @Override
    public void onFailure(CallbackCall call, Throwable failure) {
        try {
            this.executor.execute(() -> deliver(call, failure));
        }
        catch (RejectedExecutionException ex) {
            logFailure(call, failure);
        }
    }

    private void deliver(CallbackCall call, Throwable failure) {
        AsyncUncaughtExceptionHandler target = this.handler.get();
        if (target == null) {
            logFailure(call, failure);
            return;
        }
        try {
            target.handleUncaughtException(failure, call.method().method(), call.arguments());
        }
        catch (RuntimeException ex) {
            logger.warn("AsyncUncaughtExceptionHandler {} threw while handling the failure of {}", target, call, ex);
            logFailure(call, failure);
        }
    }

    private static void logFailure(CallbackCall call, Throwable failure) {
        CallFailureKind kind = CallFailureKind.of(failure);
        String status = failure instanceof RpcException rpc ? rpc.status() + ", " + rpc.executionState() : "declared exception";
        logger.warn("Callback-mode call to {}.{} (request {} to {}:{}) failed ({}: {}): {}", call.method().service().name(),
                call.method().signature(), call.requestId(), call.address().getHostString(), call.address().getPort(),
                status, kind.describe(), failure.toString());
    }

    /** Delivers the outcomes already queued, for up to two seconds, then stops the callback thread. */
    @Override
    public void destroy() throws InterruptedException {
        this.executor.shutdown();
        if (!this.executor.awaitTermination(2, TimeUnit.SECONDS)) {
            this.executor.shutdownNow();
        }
    }
}
