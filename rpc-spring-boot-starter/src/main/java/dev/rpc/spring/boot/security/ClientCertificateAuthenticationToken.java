package dev.rpc.spring.boot.security;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A caller identified by the client certificate of its mutual-TLS connection: before authentication its principal is
 * the certificate subject's common name; after, the user that name stands for.
 */
public final class ClientCertificateAuthenticationToken extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final Object principal;

    private final transient X509Certificate certificate;

    /** Creates the unauthenticated request for the user named {@code name} by {@code certificate}. */
    public ClientCertificateAuthenticationToken(String name, X509Certificate certificate) {
        super(List.of());
        this.principal = name;
        this.certificate = certificate;
        setAuthenticated(false);
    }

    /** Creates the authenticated caller. */
    public ClientCertificateAuthenticationToken(Object user, X509Certificate certificate,
            Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.principal = user;
        this.certificate = certificate;
        super.setAuthenticated(true);
    }

    @Override
    public Object getPrincipal() {
        return this.principal;
    }

    /** Returns the client's certificate. */
    @Override
    public X509Certificate getCredentials() {
        return this.certificate;
    }
}
