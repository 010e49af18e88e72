package dev.rpc.spring.boot.security;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.rpc.core.server.ServerCallContext;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Reads {@code authorization: Basic <base64 of UTF-8 "username:password">} into an unauthenticated
 * {@link UsernamePasswordAuthenticationToken}, which a {@code DaoAuthenticationProvider} (a
 * {@code UserDetailsService} bean) authenticates. Malformed basic credentials fail with
 * {@link BadCredentialsException}. Thread-safe.
 */
public final class BasicAuthenticationExtractor implements RpcAuthenticationExtractor {

    @Override
    public Authentication extract(ServerCallContext call) {
        String encoded = AuthorizationMetadata.credentials(call.metadata(), AuthorizationMetadata.BASIC);
        if (encoded == null) {
            return null;
        }
        String pair;
        try {
            byte[] decoded = Base64.getDecoder().decode(encoded);
            pair = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded))
                    .toString();
        }
        catch (IllegalArgumentException | CharacterCodingException ex) {
            throw new BadCredentialsException("basic credentials are not base64 of UTF-8 text");
        }
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            throw new BadCredentialsException("basic credentials are not 'username:password'");
        }
        return UsernamePasswordAuthenticationToken.unauthenticated(pair.substring(0, colon), pair.substring(colon + 1));
    }
}
