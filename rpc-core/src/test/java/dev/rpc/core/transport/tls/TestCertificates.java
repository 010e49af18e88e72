package dev.rpc.core.transport.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for TLS tests, made in memory with Bouncy Castle: certificate authorities, and server or client
 * certificates they issue, valid, expired, or for other names. EC P-256 keys, so that a test makes a handful in
 * milliseconds. Serial numbers are unique within the JVM, so a test can tell two certificates apart.
 */
public final class TestCertificates {

    private static final AtomicLong SERIALS = new AtomicLong(1000);

    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|.*:.*");

    private TestCertificates() {
    }

    /** Creates a self-signed certificate authority, valid from an hour ago for a year. */
    public static Authority authority(String name) {
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, nextSerial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        catch (CertIOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new Authority(keys, sign(builder, keys.getPrivate()));
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static BigInteger nextSerial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        }
        catch (OperatorCreationException | GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Writes PEM text to a file, replacing it in one step so that a watcher never reads half of it. */
    public static void writeAtomically(Path file, String text) {
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return text.toString();
    }

    /**
     * A certificate authority.
     *
     * @param keys its key pair
     * @param certificate its self-signed certificate
     */
    public record Authority(KeyPair keys, X509Certificate certificate) {

        /** Issues a certificate valid now, for server and client use, whose subject alternative names are {@code names}. */
        public Identity issue(String... names) {
            Instant now = Instant.now();
            return issue(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), names);
        }

        /** Issues a certificate that expired an hour ago. */
        public Identity issueExpired(String... names) {
            Instant now = Instant.now();
            return issue(now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)), names);
        }

        /** Issues a certificate valid between two instants. */
        public Identity issue(Instant notBefore, Instant notAfter, String... names) {
            KeyPair keys = newKeyPair();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, nextSerial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + names[0]), keys.getPublic());
            List<GeneralName> alternativeNames = new ArrayList<>();
            for (String name : names) {
                alternativeNames.add(new GeneralName(IP_ADDRESS.matcher(name).matches() ? GeneralName.iPAddress
                        : GeneralName.dNSName, name));
            }
            try {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alternativeNames.toArray(GeneralName[]::new)));
            }
            catch (CertIOException ex) {
                throw new UncheckedIOException(ex);
            }
            return new Identity(keys.getPrivate(), sign(builder, this.keys.getPrivate()), this);
        }

        /** Returns the certificate in PEM. */
        public String certificatePem() {
            return pem(certificate);
        }

        /** Returns a trust manager factory that trusts this authority only. */
        public TrustManagerFactory trustManagerFactory() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry("ca", certificate);
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                return factory;
            }
            catch (GeneralSecurityException | IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    /**
     * A key and the certificate an authority issued for it.
     *
     * @param privateKey the key
     * @param certificate the certificate
     * @param issuer the authority that issued it
     */
    public record Identity(PrivateKey privateKey, X509Certificate certificate, Authority issuer) {

        /** Returns the serial number of the certificate. */
        public BigInteger serial() {
            return certificate.getSerialNumber();
        }

        /** Returns the certificate in PEM. */
        public String certificatePem() {
            return pem(certificate);
        }

        /** Returns the key in PEM, unencrypted PKCS#8. */
        public String privateKeyPem() {
            try {
                return pem(new JcaPKCS8Generator(privateKey, null));
            }
            catch (org.bouncycastle.util.io.pem.PemGenerationException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /** Writes the certificate and the key as PEM files, each replaced in one step. */
        public void writePem(Path certificateFile, Path keyFile) {
            writeAtomically(keyFile, privateKeyPem());
            writeAtomically(certificateFile, certificatePem());
        }
    }
}
