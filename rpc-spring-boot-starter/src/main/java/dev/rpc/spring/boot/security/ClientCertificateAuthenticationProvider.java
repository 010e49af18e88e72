package dev.rpc.spring.boot.security;

import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Authenticates a {@link ClientCertificateAuthenticationToken}: the user its certificate names must exist in the
 * {@code UserDetailsService} and be enabled, unlocked and unexpired; the caller then has that user's authorities.
 * The certificate itself was verified by the TLS handshake. The starter adds this provider when it builds the
 * authentication manager from a {@code UserDetailsService}; an application with its own {@code AuthenticationManager}
 * adds it there.
 */
public final class ClientCertificateAuthenticationProvider implements AuthenticationProvider {

    private final UserDetailsService users;

    private final AccountStatusUserDetailsChecker status = new AccountStatusUserDetailsChecker();

    /** Creates the provider, looking users up in {@code users}. */
    public ClientCertificateAuthenticationProvider(UserDetailsService users) {
        this.users = users;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        ClientCertificateAuthenticationToken request = (ClientCertificateAuthenticationToken) authentication;
        UserDetails user = this.users.loadUserByUsername((String) request.getPrincipal());
        this.status.check(user);
        return new ClientCertificateAuthenticationToken(user, request.getCredentials(), user.getAuthorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ClientCertificateAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
