package dev.rpc.spring.boot.security;

import java.util.Objects;

import dev.rpc.core.client.ClientCall;
import dev.rpc.spring.boot.client.credentials.TokenRelayCredentials;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * Token relay: the bearer token of the calling thread's authentication, a JWT or an opaque token authenticated by a
 * resource server ({@link AbstractOAuth2TokenAuthenticationToken}), sent as {@code authorization: Bearer <token>}.
 * Thread-safe.
 */
public final class BearerTokenRelay implements TokenRelayCredentials {

    private final SecurityContextHolderStrategy contexts;

    private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

    /**
     * Creates the relay.
     * @param contexts where the caller's authentication is read
     */
    public BearerTokenRelay(SecurityContextHolderStrategy contexts) {
        this.contexts = Objects.requireNonNull(contexts, "contexts");
    }

    @Override
    public String authorization(ClientCall call) {
        SecurityContext context = this.contexts.getContext();
        Authentication authentication = (context != null) ? context.getAuthentication() : null;
        if (authentication == null || this.trustResolver.isAnonymous(authentication)) {
            return null;
        }
        if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
            return AuthorizationMetadata.bearer(token.getToken().getTokenValue());
        }
        throw new IllegalStateException("token relay: the caller's authentication ("
                + authentication.getClass().getSimpleName() + " of '" + authentication.getName()
                + "') holds no bearer token to relay");
    }

    @Override
    public String toString() {
        return "token relay";
    }
}
