package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.client.credentials.RpcCredentialsInterceptor;
import dev.rpc.spring.boot.fixtures.VaultService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

class RpcClientCredentialsAutoConfigurationTests {

    private static final String VAULT = "rpc.client.services.vault";

    private static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class,
                        RpcClientCredentialsAutoConfiguration.class))
                .withUserConfiguration(VaultReferenceConfiguration.class)
                .withPropertyValues("rpc.client.io-threads=1", VAULT + ".address=127.0.0.1:9",
                        "rpc.client.services.vault-copy.address=127.0.0.1:9");
    }

    @Test
    void shouldLeaveCallsAloneWhenNoServiceHasCredentials() {
        contextRunner().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RpcCredentialsInterceptor.class);
            assertThat(context.getBean(RpcClientOptions.class).interceptors()).isEmpty();
        });
    }

    @Test
    void shouldAddTheCredentialsOfAServiceThatHasSome() {
        contextRunner().withPropertyValues(VAULT + ".credentials.bearer-token=abc").run(context -> {
            RpcCredentialsInterceptor interceptor = context.getBean(RpcCredentialsInterceptor.class);
            assertThat(context.getBean(RpcClientOptions.class).interceptors()).containsExactly(interceptor);
            assertThat(interceptor.credentialsOf(VaultService.class.getName())).hasToString("a fixed bearer token");
        });
    }

    @Test
    void shouldFailWhenAServiceSetsTwoKindsOfCredentials() {
        contextRunner().withPropertyValues(VAULT + ".credentials.bearer-token=abc", VAULT + ".credentials.username=alice",
                VAULT + ".credentials.password=pw")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessage(VAULT + ".credentials sets bearer-token and username; a service sends one kind of "
                                + "credentials: keep one"));
    }

    @Test
    void shouldFailWhenAUsernameHasNoPassword() {
        contextRunner().withPropertyValues(VAULT + ".credentials.username=alice")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining(VAULT + ".credentials.username is set without " + VAULT
                                + ".credentials.password"));
    }

    @Test
    void shouldFailWhenTheCredentialsBeanDoesNotExist() {
        contextRunner().withPropertyValues(VAULT + ".credentials.bean=vaultToken")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining(VAULT + ".credentials.bean names 'vaultToken', but the context has no bean"));
    }

    @Test
    void shouldFailWhenTwoKeysOfOneServiceSendDifferentCredentials() {
        contextRunner().withUserConfiguration(SecondReferenceConfiguration.class)
                .withPropertyValues(VAULT + ".credentials.bearer-token=abc",
                        "rpc.client.services.vault-copy.credentials.bearer-token=xyz")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("'" + VAULT + "' and 'rpc.client.services.vault-copy' both call the service "
                                + VaultService.class.getName() + " with different credentials"));
    }

    @Test
    void shouldFailWhenOnlyOneOfTwoKeysOfOneServiceHasCredentials() {
        contextRunner().withUserConfiguration(SecondReferenceConfiguration.class)
                .withPropertyValues(VAULT + ".credentials.bearer-token=abc")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("(a fixed bearer token, none)"));
    }

    @Test
    void shouldAcceptTwoKeysOfOneServiceWithTheSameCredentials() {
        contextRunner().withUserConfiguration(SecondReferenceConfiguration.class)
                .withPropertyValues(VAULT + ".credentials.bearer-token=abc",
                        "rpc.client.services.vault-copy.credentials.bearer-token=abc")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void shouldFailWhenTokenRelayIsAskedWithoutTheResourceServer() {
        contextRunner().withPropertyValues(VAULT + ".credentials.relay=true")
                .withClassLoader(new FilteredClassLoader(AbstractOAuth2TokenAuthenticationToken.class))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining(VAULT + ".credentials.relay needs Spring Security's resource server"));
    }

    @Test
    void shouldFailWhenAnOAuth2ClientIsAskedWithoutTheOAuth2Client() {
        contextRunner().withPropertyValues(VAULT + ".credentials.oauth2-client=vault")
                .withClassLoader(new FilteredClassLoader(OAuth2AuthorizedClientManager.class))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining(VAULT + ".credentials.oauth2-client needs Spring Security's OAuth2 client"));
    }

    @Configuration(proxyBeanMethods = false)
    static class VaultReferenceConfiguration {

        @Bean
        Caller caller() {
            return new Caller();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SecondReferenceConfiguration {

        @Bean
        SecondCaller secondCaller() {
            return new SecondCaller();
        }
    }

    static class Caller {

        @RpcReference(service = "vault")
        VaultService vault;
    }

    static class SecondCaller {

        @RpcReference(service = "vault-copy")
        VaultService vault;
    }
}
