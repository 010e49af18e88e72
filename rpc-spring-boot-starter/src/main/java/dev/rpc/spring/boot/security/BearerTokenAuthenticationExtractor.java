package dev.rpc.spring.boot.security;

import dev.rpc.core.server.ServerCallContext;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Reads {@code authorization: Bearer <token>} into a {@link BearerTokenAuthenticationToken}, which a
 * {@code JwtAuthenticationProvider} (a {@code JwtDecoder} bean) or an {@code OpaqueTokenAuthenticationProvider}
 * (an {@code OpaqueTokenIntrospector} bean) authenticates. An empty token fails with
 * {@link BadCredentialsException}. Needs {@code spring-security-oauth2-resource-server}. Thread-safe.
 */
public final class BearerTokenAuthenticationExtractor implements RpcAuthenticationExtractor {

    @Override
    public Authentication extract(ServerCallContext call) {
        String token = AuthorizationMetadata.credentials(call.metadata(), AuthorizationMetadata.BEARER);
        if (token == null) {
            return null;
        }
        if (token.isEmpty()) {
            throw new BadCredentialsException("the bearer token is empty");
        }
        return new BearerTokenAuthenticationToken(token);
    }
}
