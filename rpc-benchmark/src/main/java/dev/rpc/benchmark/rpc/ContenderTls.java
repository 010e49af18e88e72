package dev.rpc.benchmark.rpc;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS of the {@code rpc-tls} contenders, on the JDK's provider or on OpenSSL, with each provider's default protocols
 * and ciphers, as the starter builds them. At start the server makes a CA and a certificate it issues for
 * {@code 127.0.0.1} (EC P-256, in memory, with Bouncy Castle), and writes the CA's certificate to
 * {@value #TRUSTED_CA} in its working directory, which the harness gives the server and the client of a contender
 * alike; the client trusts that CA only, and checks the host name as every client of the framework does. The server
 * presents no chain beyond its own certificate and asks for no client certificate.
 *
 * <p>Contexts on OpenSSL are reference counted ({@link SslProvider#OPENSSL_REFCNT}, as the starter builds them):
 * the caller releases them once the server or client using them has closed.
 */
final class ContenderTls {

    /** The CA's certificate, in PEM, in the working directory of the contender's JVMs. */
    static final String TRUSTED_CA = "rpc-tls-ca.pem";

    private static final String HOST = "127.0.0.1";

    private ContenderTls() {
    }

    /**
     * Returns the provider of a TLS contender.
     * @throws IllegalStateException if it is OpenSSL and netty-tcnative does not load here
     */
    static SslProvider provider(String contender) {
        if (!contender.equals("rpc-tls-openssl")) {
            return SslProvider.JDK;
        }
        if (!OpenSsl.isAvailable()) {
            throw new IllegalStateException(contender + " needs OpenSSL, and netty-tcnative (linux-x86_64 on this "
                    + "classpath) does not load here: " + OpenSsl.unavailabilityCause());
        }
        return SslProvider.OPENSSL_REFCNT;
    }

    /** Makes the CA and the server's certificate, writes the CA's certificate for the client, returns the server's context. */
    static SslContext server(SslProvider provider) throws IOException, GeneralSecurityException {
        KeyPair caKeys = newKeyPair();
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=rpc-benchmark CA");
        X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), caName,
                caKeys.getPublic());
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        X509Certificate caCertificate = sign(ca, caKeys.getPrivate());

        KeyPair serverKeys = newKeyPair();
        X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCertificate, BigInteger.TWO,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                new X500Name("CN=" + HOST), serverKeys.getPublic());
        server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        server.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, HOST)));
        X509Certificate serverCertificate = sign(server, caKeys.getPrivate());

        writeAtomically(Path.of(TRUSTED_CA), pem(caCertificate));
        return SslContextBuilder.forServer(serverKeys.getPrivate(), serverCertificate).sslProvider(provider).build();
    }

    /** Returns a client context that trusts the CA the server wrote. */
    static SslContext client(SslProvider provider) throws IOException {
        Path trusted = Path.of(TRUSTED_CA);
        if (!Files.isRegularFile(trusted)) {
            throw new IllegalStateException("no " + trusted.toAbsolutePath() + ": the server writes it at start, in the "
                    + "working directory it shares with the client");
        }
        return SslContextBuilder.forClient().trustManager(trusted.toFile()).sslProvider(provider).build();
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        }
        catch (OperatorCreationException ex) {
            throw new GeneralSecurityException(ex);
        }
    }

    private static String pem(X509Certificate certificate) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificate);
        }
        return text.toString();
    }

    /** Replaces the file in one step, so that a client never reads half of it. */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
