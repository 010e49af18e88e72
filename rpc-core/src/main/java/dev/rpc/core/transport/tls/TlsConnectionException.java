package dev.rpc.core.transport.tls;

import javax.net.ssl.SSLException;

/** A connection attempt failed in its TLS part; the message says why in words, the cause in the provider's. */
final class TlsConnectionException extends SSLException {

    private static final long serialVersionUID = 1L;

    TlsConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
