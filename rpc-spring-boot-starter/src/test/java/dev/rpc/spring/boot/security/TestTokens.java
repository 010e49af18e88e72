package dev.rpc.spring.boot.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Signs and verifies JWTs with one RSA key made for the test JVM: an authorization server in miniature. */
final class TestTokens {

    private static final KeyPair KEYS = generate();

    private static final JwtEncoder ENCODER = NimbusJwtEncoder
            .withKeyPair((RSAPublicKey) KEYS.getPublic(), (RSAPrivateKey) KEYS.getPrivate()).build();

    private TestTokens() {
    }

    /** Returns a decoder that accepts the tokens of {@link #token}, as a resource server's JwtDecoder bean. */
    static JwtDecoder decoder() {
        return NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
    }

    /** Returns a signed token for a subject, valid for an hour, with the given scopes. */
    static String token(String subject, String... scopes) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(subject)
                .issuedAt(now)
                .expiresAt(now.plus(1, ChronoUnit.HOURS))
                .claim("scope", String.join(" ", scopes))
                .build();
        return ENCODER.encode(JwtEncoderParameters.from(claims)).getTokenValue();
    }

    /** Returns a token signed by a key no decoder trusts. */
    static String forgedToken(String subject) {
        KeyPair other = generate();
        JwtEncoder forger = NimbusJwtEncoder
                .withKeyPair((RSAPublicKey) other.getPublic(), (RSAPrivateKey) other.getPrivate()).build();
        Instant now = Instant.now();
        return forger.encode(JwtEncoderParameters.from(JwtClaimsSet.builder().subject(subject).issuedAt(now)
                .expiresAt(now.plus(1, ChronoUnit.HOURS)).build())).getTokenValue();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
