package dev.rpc.core.transport.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * What a server presents to a TLS client of its own, a JDK socket that shakes hands and hangs up: which
 * certificate, protocol and cipher suite. Tells a new connection's certificate apart from an old one's.
 *
 * @param serial the serial number of the server's certificate
 * @param protocol the protocol agreed, such as {@code TLSv1.3}
 * @param cipherSuite the cipher suite agreed
 */
public record TlsProbe(BigInteger serial, String protocol, String cipherSuite) {

    /**
     * Opens a connection to {@code 127.0.0.1:port}, trusting one authority, and returns what the server presented.
     * @throws UncheckedIOException if the handshake fails
     */
    public static TlsProbe connect(int port, TestCertificates.Authority trusted) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trusted.trustManagerFactory().getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
                socket.startHandshake();
                SSLSession session = socket.getSession();
                return new TlsProbe(((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber(),
                        session.getProtocol(), session.getCipherSuite());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
