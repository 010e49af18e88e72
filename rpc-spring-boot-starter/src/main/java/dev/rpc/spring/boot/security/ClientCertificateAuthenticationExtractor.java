package dev.rpc.spring.boot.security;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import dev.rpc.core.server.ServerCallContext;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Identifies a caller by the client certificate of its mutual-TLS connection ({@code rpc.server.ssl.client-auth:
 * need} or {@code want}): the common name (CN) of the certificate's subject is the user name, which a
 * {@link ClientCertificateAuthenticationProvider} looks up in the application's {@code UserDetailsService}. The TLS
 * handshake has already verified the certificate against the server's trust store. Credentials in the call's
 * {@code authorization} metadata take precedence: a call that carries them is left to the other extractors.
 */
public final class ClientCertificateAuthenticationExtractor implements RpcAuthenticationExtractor {

    @Override
    public Authentication extract(ServerCallContext call) {
        if (call.metadata().containsKey(AuthorizationMetadata.KEY)) {
            return null;
        }
        List<X509Certificate> chain = call.peerCertificates();
        if (chain.isEmpty()) {
            return null;
        }
        X509Certificate certificate = chain.get(0);
        String name = commonName(certificate);
        if (name == null) {
            throw new BadCredentialsException("the client certificate's subject has no common name (CN)");
        }
        return new ClientCertificateAuthenticationToken(name, certificate);
    }

    private static String commonName(X509Certificate certificate) {
        try {
            LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName());
            for (Rdn part : subject.getRdns()) {
                if (part.getType().equalsIgnoreCase("CN")) {
                    return part.getValue().toString();
                }
            }
            return null;
        }
        catch (InvalidNameException ex) {
            return null;
        }
    }
}
