package dev.rpc.spring.boot.client.credentials;

import java.util.Objects;
import java.util.function.Supplier;

import dev.rpc.core.client.ClientCall;
import dev.rpc.spring.boot.security.AuthorizationMetadata;

/**
 * Gives each call of a service the value of its {@code authorization} metadata: a bearer token, basic credentials,
 * or {@code null} to send none. Declare a bean of this type and name it in
 * {@code rpc.client.services.<key>.credentials.bean}:
 *
 * <pre>{@code
 * @Bean
 * RpcCallCredentials inventoryCredentials(TokenService tokens) {
 *     return RpcCallCredentials.bearer(tokens::currentToken);      // asked on every call
 * }
 * }</pre>
 *
 * <p>Called on the thread that makes the call, before anything is sent, in all three call modes: it must not block
 * for long (cache tokens, refresh them ahead of expiry). What it throws fails that call locally, with
 * {@code UNAUTHENTICATED}, {@code NOT_EXECUTED}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RpcCallCredentials {

    /**
     * Returns the {@code authorization} value of a call.
     * @param call the call about to be sent: its method, mode and deadline
     * @return {@code Bearer <token>}, {@code Basic <base64>} or another scheme, or {@code null} to send none
     */
    String authorization(ClientCall call);

    /**
     * Returns credentials that send the supplier's current token as a bearer token, or none when it returns
     * {@code null}.
     */
    static RpcCallCredentials bearer(Supplier<String> token) {
        Objects.requireNonNull(token, "token");
        return call -> {
            String current = token.get();
            return (current != null) ? AuthorizationMetadata.bearer(current) : null;
        };
    }

    /**
     * Returns credentials that send a username and password as basic credentials.
     * @throws IllegalArgumentException if the username is blank or contains a colon
     */
    static RpcCallCredentials basic(String username, String password) {
        String value = AuthorizationMetadata.basic(username, password);
        return new RpcCallCredentials() {

            @Override
            public String authorization(ClientCall call) {
                return value;
            }

            @Override
            public String toString() {
                return "basic credentials of '" + username + "'";
            }
        };
    }
}
