package dev.rpc.sample.client;

import java.util.concurrent.CompletableFuture;

import dev.rpc.core.client.ClientCall;
import dev.rpc.core.client.ClientInterceptor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Adds a {@code caller} header, this application's name, to every call; a bean of this type is all it takes. */
@Component
public class CallerHeader implements ClientInterceptor {

    private final String applicationName;

    public CallerHeader(@Value("${spring.application.name:inventory-client}") String applicationName) {
        this.applicationName = applicationName;
    }

    @Override
    public CompletableFuture<Object> intercept(ClientCall call, Next next) {
        call.metadata().put("caller", this.applicationName);
        return next.proceed(call);
    }
}
