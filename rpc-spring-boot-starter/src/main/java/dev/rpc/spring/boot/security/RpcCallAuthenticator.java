package dev.rpc.spring.boot.security;

import java.util.List;
import java.util.Objects;

import dev.rpc.core.server.ServerCallContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates the caller of one call: the first {@link RpcAuthenticationExtractor} that finds credentials in the
 * call turns them into a request, which the application's {@link AuthenticationManager} authenticates (a JWT
 * resource server's, a {@code UserDetailsService}'s, or the application's own). Thread-safe when the extractors
 * and the manager are.
 */
public final class RpcCallAuthenticator {

    private final List<RpcAuthenticationExtractor> extractors;

    private final AuthenticationManager authenticationManager;

    /**
     * Creates the authenticator.
     * @param extractors asked in this order; the first that returns a request decides
     * @param authenticationManager authenticates the request
     */
    public RpcCallAuthenticator(List<? extends RpcAuthenticationExtractor> extractors,
            AuthenticationManager authenticationManager) {
        this.extractors = List.copyOf(extractors);
        this.authenticationManager = Objects.requireNonNull(authenticationManager, "authenticationManager");
    }

    /**
     * Returns the authenticated caller of a call.
     * @param call the call, before its arguments are parsed
     * @return the authentication, or {@code null} when the call carries no credentials any extractor knows
     * @throws AuthenticationException when the credentials are malformed or rejected
     */
    public Authentication authenticate(ServerCallContext call) throws AuthenticationException {
        for (RpcAuthenticationExtractor extractor : this.extractors) {
            Authentication request = extractor.extract(call);
            if (request != null) {
                Authentication result = this.authenticationManager.authenticate(request);
                if (result == null || !result.isAuthenticated()) {
                    throw new BadCredentialsException("the AuthenticationManager did not authenticate "
                            + request.getClass().getSimpleName());
                }
                return result;
            }
        }
        return null;
    }
}
