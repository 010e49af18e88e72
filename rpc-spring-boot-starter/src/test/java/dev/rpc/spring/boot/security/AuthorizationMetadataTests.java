package dev.rpc.spring.boot.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuthorizationMetadataTests {

    @Test
    void basicIsBase64OfUtf8UsernameColonPassword() {
        assertThat(AuthorizationMetadata.basic("alice", "pässword")).isEqualTo("Basic YWxpY2U6cMOkc3N3b3Jk");
    }

    @Test
    void aUsernameWithAColonIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationMetadata.basic("a:b", "pw"))
                .withMessageContaining("'a:b'");
    }

    @Test
    void credentialsAreReadWithTheSchemeInAnyCase() {
        assertThat(AuthorizationMetadata.credentials(Map.of("authorization", "bearer abc"), "Bearer")).isEqualTo("abc");
        assertThat(AuthorizationMetadata.credentials(Map.of("authorization", "Bearer abc"), "Basic")).isNull();
        assertThat(AuthorizationMetadata.credentials(Map.of("authorization", "Bearerabc"), "Bearer")).isNull();
        assertThat(AuthorizationMetadata.credentials(Map.of("authorization", "Bearer"), "Bearer")).isEmpty();
        assertThat(AuthorizationMetadata.credentials(Map.of(), "Bearer")).isNull();
    }
}
