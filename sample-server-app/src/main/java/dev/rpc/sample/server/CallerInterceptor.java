package dev.rpc.sample.server;

import java.util.concurrent.CompletableFuture;

import dev.rpc.core.context.ContextKey;
import dev.rpc.core.server.ServerCallContext;
import dev.rpc.core.server.ServerInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the {@code caller} header of every call, before its arguments are parsed, and hands it to the service
 * method as a context value; logs how each call ended. A bean of this type is all the starter needs.
 */
@Component
public class CallerInterceptor implements ServerInterceptor {

    /** The value service methods read with {@code ServerCallContext.current().get(CALLER)}. */
    public static final ContextKey<String> CALLER = ContextKey.named("caller");

    private static final Logger logger = LoggerFactory.getLogger(CallerInterceptor.class);

    @Override
    public CompletableFuture<Object> intercept(ServerCallContext call, Next next) {
        String caller = call.metadata().getOrDefault("caller", "anonymous");
        return next.proceed(call.put(CALLER, caller)).whenComplete((result, failure) -> logger.debug("{} called {}: {}",
                caller, call.method(), failure == null ? "ok" : failure.toString()));
    }
}
