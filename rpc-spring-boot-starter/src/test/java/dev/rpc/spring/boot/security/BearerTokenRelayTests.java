package dev.rpc.spring.boot.security;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BearerTokenRelayTests {

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    private final BearerTokenRelay relay = new BearerTokenRelay(this.contexts);

    @AfterEach
    void clear() {
        this.contexts.clearContext();
    }

    @Test
    void relaysTheTokenOfTheCurrentAuthentication() {
        Jwt jwt = Jwt.withTokenValue("eyJ.token.value").header("alg", "RS256").subject("frank")
                .issuedAt(Instant.now()).build();
        runAs(new JwtAuthenticationToken(jwt));

        assertThat(this.relay.authorization(null)).isEqualTo("Bearer eyJ.token.value");
    }

    @Test
    void sendsNothingWithoutAnAuthentication() {
        assertThat(this.relay.authorization(null)).isNull();
    }

    @Test
    void sendsNothingForAnAnonymousCaller() {
        runAs(new AnonymousAuthenticationToken("key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));

        assertThat(this.relay.authorization(null)).isNull();
    }

    @Test
    void refusesAnAuthenticationWithoutAToken() {
        runAs(UsernamePasswordAuthenticationToken.authenticated("alice", null, AuthorityUtils.NO_AUTHORITIES));

        assertThatIllegalStateException().isThrownBy(() -> this.relay.authorization(null))
                .withMessage("token relay: the caller's authentication (UsernamePasswordAuthenticationToken of 'alice') "
                        + "holds no bearer token to relay");
    }

    private void runAs(Authentication authentication) {
        this.contexts.setContext(new SecurityContextImpl(authentication));
    }
}
