package dev.rpc.core.transport.tls;

import java.math.BigInteger;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts what an authority issued, and records the serial number of every client certificate it checked;
 * names the authority to clients as the one it accepts, or names none so that clients send any certificate.
 */
public final class RecordingTrustManager extends X509ExtendedTrustManager {

    /** The serial numbers of the client certificates checked so far. */
    public final Set<BigInteger> serials = ConcurrentHashMap.newKeySet();

    private final X509ExtendedTrustManager delegate;

    private final boolean nameIssuers;

    /**
     * Creates the trust manager.
     * @param trusted the authority whose certificates are trusted
     * @param nameIssuers whether to name it to clients as the one accepted, or to name none
     */
    public RecordingTrustManager(TestCertificates.Authority trusted, boolean nameIssuers) {
        this.delegate = (X509ExtendedTrustManager) trusted.trustManagerFactory().getTrustManagers()[0];
        this.nameIssuers = nameIssuers;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        serials.add(chain[0].getSerialNumber());
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        serials.add(chain[0].getSerialNumber());
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        serials.add(chain[0].getSerialNumber());
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return nameIssuers ? delegate.getAcceptedIssuers() : new X509Certificate[0];
    }
}
