package dev.rpc.spring.boot.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The call metadata that carries credentials, as HTTP's {@code Authorization} header does:
 *
 * <pre>
 * authorization: Bearer eyJhbGciOiJSUzI1NiJ9...        a bearer token (a JWT, or an opaque token)
 * authorization: Basic YWxpY2U6c2VjcmV0                 base64 of UTF-8 "username:password"
 * </pre>
 *
 * <p>The key is lower case, like every metadata key this framework uses; the scheme is matched ignoring case, and
 * one space separates it from the credentials. Metadata travels in clear unless the connection uses TLS: send
 * credentials only over TLS, or on a network you trust. Needs nothing of Spring Security; thread-safe.
 */
public final class AuthorizationMetadata {

    /** The metadata key of credentials: {@value}. */
    public static final String KEY = "authorization";

    /** The scheme of bearer tokens: {@value}. */
    public static final String BEARER = "Bearer";

    /** The scheme of username and password: {@value}. */
    public static final String BASIC = "Basic";

    private AuthorizationMetadata() {
    }

    /**
     * Returns the value for a bearer token: {@code Bearer <token>}.
     * @throws IllegalArgumentException if the token is blank
     */
    public static String bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("bearer token must not be blank");
        }
        return BEARER + " " + token;
    }

    /**
     * Returns the value for basic credentials: {@code Basic <base64 of UTF-8 "username:password">}.
     * @throws IllegalArgumentException if the username is blank or contains a colon
     */
    public static String basic(String username, String password) {
        if (username == null || username.isBlank() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("username must be non-blank and contain no ':', got '" + username + "'");
        }
        String pair = username + ":" + Objects.requireNonNull(password, "password");
        return BASIC + " " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the credentials of a scheme in a call's metadata, without the scheme: the token of
     * {@code Bearer <token>}, the base64 of {@code Basic <base64>}.
     * @param metadata the call's metadata
     * @param scheme {@link #BEARER}, {@link #BASIC} or another scheme
     * @return the credentials, possibly empty; {@code null} when the metadata has no {@value #KEY} entry of that scheme
     */
    public static String credentials(Map<String, String> metadata, String scheme) {
        String value = metadata.get(KEY);
        if (value == null || value.length() < scheme.length()
                || !value.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return null;
        }
        if (value.length() == scheme.length()) {
            return "";
        }
        return value.charAt(scheme.length()) == ' ' ? value.substring(scheme.length() + 1).trim() : null;
    }
}
