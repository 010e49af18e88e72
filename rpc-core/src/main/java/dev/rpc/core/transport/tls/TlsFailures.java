package dev.rpc.core.transport.tls;

import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslClosedEngineException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

/**
 * Says in words why a TLS handshake failed, and what to check: the JDK and OpenSSL report the same mistakes in
 * different terms (an exception deep in a chain, an alert name, an OpenSSL reason code), none of which names
 * the setting to fix. Each message starts with "TLS handshake with ... failed: ", then the likely cause, then
 * the provider's own words in parentheses.
 */
final class TlsFailures {

    private static final String WHY_A_CLIENT_REFUSES = "expired, issued by a CA the client does not trust, or not "
            + "listing the name the client connected to";

    private TlsFailures() {
    }

    /**
     * Explains a failed handshake seen by a client.
     * @param server the server's address, as written in messages
     * @param expectedName the name the server's certificate had to be valid for
     * @param sentCertificate whether this client presented a certificate, {@code null} if unknown
     * @param cause what the TLS engine or the channel reported
     */
    static String client(String server, String expectedName, Boolean sentCertificate, Throwable cause) {
        return "TLS handshake with " + server + " failed: " + clientReason(expectedName, sentCertificate, unwrap(cause))
                + details(cause);
    }

    /**
     * Explains a failed handshake seen by a server.
     * @param client the client's address
     * @param cause what the TLS engine or the channel reported
     */
    static String server(String client, Throwable cause) {
        return "TLS handshake with client " + client + " failed: " + serverReason(unwrap(cause)) + details(cause);
    }

    private static String clientReason(String expectedName, Boolean sentCertificate, Throwable cause) {
        String text = text(cause);
        if (cause instanceof SslHandshakeTimeoutException) {
            return "it did not complete in time; the server may not speak TLS";
        }
        if (has(cause, NotSslRecordException.class)) {
            return "the server answered in plaintext; it is probably not configured for TLS";
        }
        if (text.contains("no subject alternative") || text.contains("no name matching")) {
            return "the server's certificate is not valid for the name '" + expectedName + "' (host name verification); "
                    + "if the server is reached under another name than its certificate lists, set the expected name "
                    + "(ClientTls.withServerName, rpc.client.services.<key>.ssl.server-name)";
        }
        if (expired(cause)) {
            return "the server's certificate has expired, or is not valid yet";
        }
        if (untrusted(cause, text)) {
            return "the server's certificate is not trusted (wrong CA?): this client trusts no CA that issued it";
        }
        boolean certificateRequired = text.contains("certificate_required") || text.contains("certificate required");
        if (certificateRequired || (alertAboutCertificate(text) && Boolean.FALSE.equals(sentCertificate))) {
            return "the server requires a client certificate (mutual TLS) and this client sent none: it has no key "
                    + "and certificate, or none issued by a CA the server accepts";
        }
        if (text.contains("certificate_expired") || text.contains("certificate expired")) {
            return "the server did not accept this client's certificate: it has expired";
        }
        if (alertAboutCertificate(text)) {
            return "the server did not accept this client's certificate (expired, or not issued by a CA the server "
                    + "trusts?)";
        }
        if (text.contains("internal_error")) {
            return Boolean.TRUE.equals(sentCertificate)
                    ? "the server did not accept this client's certificate, it seems: it aborted the handshake with an "
                            + "internal error (expired, or not issued by a CA the server trusts?); its log says more"
                    : "the server aborted the handshake with an internal error; its log says more";
        }
        if (nothingInCommon(text)) {
            return "the server and this client have no TLS version or cipher suite in common; compare the enabled "
                    + "protocols and ciphers of both";
        }
        if (closed(cause)) {
            return "the server closed the connection; it may not speak TLS, or it refused this client";
        }
        return "see the cause";
    }

    private static String serverReason(Throwable cause) {
        String text = text(cause);
        if (cause instanceof SslHandshakeTimeoutException) {
            return "it did not complete in time";
        }
        if (text.contains("empty client certificate chain") || text.contains("peer_did_not_return_a_certificate")
                || text.contains("certificate_required")) {
            return "the client sent no certificate (it has none, or none issued by a CA this server trusts), and this "
                    + "server requires one (client auth NEED)";
        }
        if (expired(cause)) {
            return "the client's certificate has expired, or is not valid yet";
        }
        if (untrusted(cause, text)) {
            return "the client's certificate is not trusted (wrong CA?): this server trusts no CA that issued it";
        }
        if (text.contains("certificate_expired") || text.contains("certificate expired")) {
            return "the client does not accept this server's certificate: it has expired";
        }
        if (alertAboutCertificate(text)) {
            return "the client does not accept this server's certificate (" + WHY_A_CLIENT_REFUSES + ")";
        }
        if (text.contains("internal_error")) {
            return "the client aborted the handshake, probably because it does not accept this server's certificate ("
                    + WHY_A_CLIENT_REFUSES + ")";
        }
        if (nothingInCommon(text)) {
            return "the client and this server have no TLS version or cipher suite in common; compare the enabled "
                    + "protocols and ciphers of both";
        }
        if (closed(cause)) {
            return "the client closed the connection; it may not trust this server's certificate";
        }
        return "see the cause";
    }

    private static boolean expired(Throwable cause) {
        return has(cause, CertificateExpiredException.class) || has(cause, CertificateNotYetValidException.class);
    }

    private static boolean untrusted(Throwable cause, String text) {
        return has(cause, CertPathBuilderException.class) || text.contains("pkix path building failed")
                || text.contains("unable to find valid certification path") || text.contains("certificate_verify_failed");
    }

    private static boolean alertAboutCertificate(String text) {
        return text.contains("unknown_ca") || text.contains("unknown ca") || text.contains("bad_certificate")
                || text.contains("bad certificate") || text.contains("certificate_unknown")
                || text.contains("certificate unknown") || text.contains("access_denied");
    }

    private static boolean nothingInCommon(String text) {
        return text.contains("handshake_failure") || text.contains("handshake failure") || text.contains("protocol_version")
                || text.contains("no appropriate protocol") || text.contains("no cipher suites in common")
                || text.contains("no_shared_cipher") || text.contains("insufficient_security")
                || text.contains("protocol is disabled");
    }

    private static boolean closed(Throwable cause) {
        return has(cause, ClosedChannelException.class) || has(cause, SslClosedEngineException.class);
    }

    private static Throwable unwrap(Throwable cause) {
        Throwable current = cause;
        while (current instanceof DecoderException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean has(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable current = cause; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    private static String text(Throwable cause) {
        StringBuilder text = new StringBuilder();
        for (Throwable current = cause; current != null && text.length() < 4096; current = current.getCause()) {
            text.append(current.getClass().getSimpleName()).append(": ").append(current.getMessage()).append('\n');
            if (current.getCause() == current) {
                break;
            }
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    /** The provider's words: the failure's message, and its root cause's where that adds something. */
    private static String details(Throwable cause) {
        Throwable shown = unwrap(cause);
        Throwable root = shown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = describe(shown);
        String rootMessage = describe(root);
        return " (" + (message.contains(rootMessage) ? message : message + ": " + rootMessage) + ")";
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
    }
}
