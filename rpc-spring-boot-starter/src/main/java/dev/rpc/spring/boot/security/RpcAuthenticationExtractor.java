package dev.rpc.spring.boot.security;

import dev.rpc.core.server.ServerCallContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Turns the credentials a call carries into an authentication request for the application's
 * {@code AuthenticationManager}: a bearer token or basic credentials from the call's metadata
 * ({@link AuthorizationMetadata}), or what else identifies a caller (an API key, the client certificate of a TLS
 * connection). Declare beans of this type to add or replace extractors; they are asked in {@code @Order}, and the
 * first that returns an authentication decides.
 *
 * <p>Runs on the thread that then runs the service method, before the call's arguments are parsed. Must be fast
 * (no remote call: that is the {@code AuthenticationManager}'s job) and thread-safe.
 */
@FunctionalInterface
public interface RpcAuthenticationExtractor {

    /**
     * Returns the unauthenticated request for the call's credentials.
     * @param call the call, with its metadata and the caller's address
     * @return the authentication request, or {@code null} when the call carries no credentials of this kind
     * @throws AuthenticationException when the call carries credentials of this kind that are malformed; the call
     *         is then answered {@code UNAUTHENTICATED} without asking other extractors
     */
    Authentication extract(ServerCallContext call) throws AuthenticationException;
}
