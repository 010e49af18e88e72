package dev.rpc.spring.boot.client.credentials;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.rpc.core.client.ClientCall;
import dev.rpc.core.client.ClientInterceptor;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.spring.boot.security.AuthorizationMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;

/**
 * Adds each call's credentials to its {@code authorization} metadata, from the {@link RpcCallCredentials} of the
 * service it calls. Credentials are chosen by service name, the name on the wire; {@link ServiceCredentialsRegistrar}
 * registers them as references are created. A call whose metadata already has an {@code authorization} entry (set
 * with {@code CallContext.with(...)} or by an earlier interceptor) keeps it.
 *
 * <p>If the credentials fail (a token endpoint is down), the call fails locally with {@code UNAUTHENTICATED},
 * {@code NOT_EXECUTED}, naming the service; it is not sent without credentials. Thread-safe.
 */
public final class RpcCredentialsInterceptor implements ClientInterceptor, Ordered {

    /**
     * The order of this interceptor: late, close to the wire, so that the application's ordered interceptors run
     * before credentials are added.
     */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    private static final Logger logger = LoggerFactory.getLogger(RpcCredentialsInterceptor.class);

    private final Map<String, RpcCallCredentials> byService = new ConcurrentHashMap<>();

    /**
     * Sends credentials with every call of a service.
     * @param serviceName the service name on the wire
     * @param credentials the credentials
     * @return the credentials the service had before, or {@code null}
     */
    public RpcCallCredentials register(String serviceName, RpcCallCredentials credentials) {
        return this.byService.put(Objects.requireNonNull(serviceName, "serviceName"),
                Objects.requireNonNull(credentials, "credentials"));
    }

    /** Returns the credentials of a service, or {@code null} when it has none. */
    public RpcCallCredentials credentialsOf(String serviceName) {
        return this.byService.get(serviceName);
    }

    @Override
    public CompletableFuture<Object> intercept(ClientCall call, Next next) {
        String service = call.method().service().name();
        RpcCallCredentials credentials = this.byService.get(service);
        if (credentials != null && !call.metadata().containsKey(AuthorizationMetadata.KEY)) {
            String value;
            try {
                value = credentials.authorization(call);
            }
            catch (RuntimeException ex) {
                logger.debug("Credentials for {} failed", service, ex);
                throw new RpcException(RpcStatus.UNAUTHENTICATED, "cannot obtain credentials for " + service + " ("
                        + ex.getClass().getSimpleName() + ": " + ex.getMessage() + "); not sent", ex);
            }
            if (value != null) {
                call.metadata().put(AuthorizationMetadata.KEY, value);
            }
        }
        return next.proceed(call);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
