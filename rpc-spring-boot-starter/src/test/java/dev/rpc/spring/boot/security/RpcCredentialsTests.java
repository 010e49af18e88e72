package dev.rpc.spring.boot.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.rpc.core.context.CallContext;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.client.credentials.RpcCallCredentials;
import dev.rpc.spring.boot.fixtures.FrontService;
import dev.rpc.spring.boot.fixtures.VaultService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What a client sends, per service, from {@code rpc.client.services.<key>.credentials}, as the server sees it. */
class RpcCredentialsTests {

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    private ConfigurableApplicationContext vaultServer;

    @BeforeEach
    void startVault() {
        this.vaultServer = start(Apps.server(SecuredVaultServer.class));
    }

    @AfterEach
    void close() {
        for (int i = this.contexts.size() - 1; i >= 0; i--) {
            this.contexts.get(i).close();
        }
    }

    @Test
    void aCredentialsBeanGivesEachCallItsToken() {
        ConfigurableApplicationContext client = start(Apps.client(new Class<?>[] { VaultClient.class, TokenBean.class },
                port(), key() + ".credentials.bean=vaultToken"));

        assertThat(Apps.vault(client).whoAmI()).isEqualTo("erin");
    }

    @Test
    void anOAuth2ClientSendsTheAccessTokenOfItsRegistration() {
        ConfigurableApplicationContext client = start(Apps.client(
                new Class<?>[] { VaultClient.class, AuthorizationServerInMiniature.class }, port(),
                key() + ".credentials.oauth2-client=vault"));

        assertThat(Apps.vault(client).whoAmI()).isEqualTo("vault-client");
        assertThat(client.getBean(AuthorizationServerInMiniature.class).registrationsAsked).containsExactly("vault");
    }

    @Test
    void tokenRelaySendsTheBearerTokenOfTheCallBeingServed() {
        ConfigurableApplicationContext front = start(Apps.server(new Class<?>[] { FrontServer.class },
                key() + ".address=127.0.0.1:" + port(), key() + ".credentials.relay=true"));
        ConfigurableApplicationContext client = start(Apps.client(new Class<?>[] { FrontClient.class }, Apps.port(front),
                "rpc.client.services.FrontService.address=127.0.0.1:" + Apps.port(front),
                "rpc.client.services.FrontService.credentials.bearer-token=" + TestTokens.token("frank")));

        assertThat(client.getBean(FrontClient.Caller.class).front.whoDoesTheVaultSee()).isEqualTo("frank");
    }

    @Test
    void anAuthorizationTheCallSetsItselfWinsOverTheConfiguredCredentials() throws Exception {
        VaultService vault = Apps.vault(start(Apps.vaultClient(port(), Apps.basic("alice", "alice-pw"))));

        String seen = CallContext.with("authorization", AuthorizationMetadata.basic("bob", "bob-pw")).call(vault::whoAmI);

        assertThat(seen).isEqualTo("bob");
    }

    @Test
    void credentialsThatFailFailTheCallLocallyAndItIsNotSent() {
        ConfigurableApplicationContext client = start(Apps.client(
                new Class<?>[] { VaultClient.class, FailingTokenBean.class }, port(), key() + ".credentials.bean=vaultToken"));

        assertThatExceptionOfType(RpcException.class).isThrownBy(Apps.vault(client)::whoAmI).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.UNAUTHENTICATED);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(ex.getMessage()).contains("cannot obtain credentials for " + VaultService.class.getName(),
                    "token endpoint unreachable");
        });
        assertThat(this.vaultServer.getBean(SecuredVaultServer.Bodies.class).ran).isEmpty();
    }

    private int port() {
        return Apps.port(this.vaultServer);
    }

    private static String key() {
        return "rpc.client.services." + VaultService.class.getSimpleName();
    }

    private ConfigurableApplicationContext start(ConfigurableApplicationContext context) {
        this.contexts.add(context);
        return context;
    }

    @Configuration(proxyBeanMethods = false)
    static class TokenBean {

        @Bean
        RpcCallCredentials vaultToken() {
            return RpcCallCredentials.bearer(() -> TestTokens.token("erin"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingTokenBean {

        @Bean
        RpcCallCredentials vaultToken() {
            return RpcCallCredentials.bearer(() -> {
                throw new IllegalStateException("token endpoint unreachable");
            });
        }
    }

    /** An OAuth2AuthorizedClientManager that grants a client-credentials token for any registration it is asked. */
    @Configuration(proxyBeanMethods = false)
    static class AuthorizationServerInMiniature implements OAuth2AuthorizedClientManager {

        final Queue<String> registrationsAsked = new ConcurrentLinkedQueue<>();

        @Override
        public OAuth2AuthorizedClient authorize(OAuth2AuthorizeRequest request) {
            this.registrationsAsked.add(request.getClientRegistrationId());
            ClientRegistration registration = ClientRegistration.withRegistrationId(request.getClientRegistrationId())
                    .clientId("vault-client")
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .tokenUri("http://127.0.0.1:1/unused")
                    .build();
            Instant now = Instant.now();
            OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                    TestTokens.token("vault-client"), now, now.plusSeconds(3600));
            return new OAuth2AuthorizedClient(registration, request.getPrincipal().getName(), token);
        }
    }

    /** A resource server in front of the vault, whose calls to the vault relay its caller's token. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class FrontServer {

        @Bean
        JwtDecoder jwtDecoder() {
            return TestTokens.decoder();
        }

        @Bean
        Front front() {
            return new Front();
        }
    }

    @RpcService
    static class Front implements FrontService {

        @RpcReference
        VaultService vault;

        @Override
        public String whoDoesTheVaultSee() {
            return this.vault.whoAmI();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class FrontClient {

        @Bean
        Caller caller() {
            return new Caller();
        }

        static class Caller {

            @RpcReference
            FrontService front;
        }
    }
}
