package dev.rpc.spring.boot.autoconfigure;

import java.util.concurrent.CompletableFuture;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.diagnostics.UnprotectedRpcServerException;
import dev.rpc.spring.boot.fixtures.VaultService;
import dev.rpc.spring.boot.security.AuthorizationMetadata;
import dev.rpc.spring.boot.security.BasicAuthenticationExtractor;
import dev.rpc.spring.boot.security.BearerTokenAuthenticationExtractor;
import dev.rpc.spring.boot.security.RpcAuthorizationRules;
import dev.rpc.spring.boot.security.RpcServerSecurityInterceptor;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RpcServerSecurityAutoConfigurationTests {

    private static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcServerAutoConfiguration.class,
                        RpcClientAutoConfiguration.class, RpcServerSecurityAutoConfiguration.class))
                .withUserConfiguration(VaultConfiguration.class)
                .withPropertyValues("rpc.server.port=0", "rpc.server.address=127.0.0.1", "rpc.server.io-threads=1",
                        "rpc.client.io-threads=1");
    }

    @Test
    void shouldSecureCallsWhenTheApplicationHasSomethingToAuthenticateWith() {
        contextRunner().withUserConfiguration(UsersConfiguration.class).run(context -> {
            RpcServerSecurityInterceptor interceptor = context.getBean(RpcServerSecurityInterceptor.class);
            assertThat(context.getBean(RpcServerLifecycle.class).getServer().options().interceptors())
                    .containsExactly(interceptor);
            assertThat(context).hasSingleBean(BasicAuthenticationExtractor.class)
                    .hasSingleBean(BearerTokenAuthenticationExtractor.class);
        });
    }

    @Test
    void shouldNotSecureCallsWithoutAnythingToAuthenticateWith() {
        contextRunner().run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(RpcServerSecurityInterceptor.class));
    }

    @Test
    void shouldNotSecureCallsWithoutSpringSecurity() {
        contextRunner().withUserConfiguration(UsersConfiguration.class)
                .withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcServerSecurityInterceptor.class));
    }

    @Test
    void shouldNotSecureCallsWhenDisabled() {
        contextRunner().withUserConfiguration(UsersConfiguration.class)
                .withPropertyValues("rpc.server.security.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcServerSecurityInterceptor.class));
    }

    @Test
    void shouldReadBearerTokensOnlyWithTheResourceServer() {
        contextRunner().withUserConfiguration(UsersConfiguration.class)
                .withClassLoader(new FilteredClassLoader(BearerTokenAuthenticationToken.class))
                .run(context -> assertThat(context).hasSingleBean(RpcServerSecurityInterceptor.class)
                        .hasSingleBean(BasicAuthenticationExtractor.class)
                        .doesNotHaveBean(BearerTokenAuthenticationExtractor.class));
    }

    @Test
    void shouldAuthenticateWithTheApplicationsAuthenticationManager() {
        contextRunner().withUserConfiguration(ManagerConfiguration.class).run(context -> {
            assertThat(vault(context, AuthorizationMetadata.basic("service", "s3cret")).whoAmI()).isEqualTo("service");
            assertThatExceptionOfType(RpcException.class)
                    .isThrownBy(() -> vault(context, AuthorizationMetadata.basic("service", "guess")).whoAmI())
                    .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.UNAUTHENTICATED));
        });
    }

    @Test
    void shouldAnswerUnavailableNotExecutedWhenCredentialsCannotBeChecked() {
        contextRunner().withUserConfiguration(ManagerConfiguration.class).run(context -> assertThatExceptionOfType(
                RpcException.class).isThrownBy(() -> vault(context, AuthorizationMetadata.basic("outage", "pw")).whoAmI())
                .satisfies(ex -> {
                    assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
                    assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
                }));
    }

    @Test
    void shouldRefuseCallsWithoutCredentialsByDefault() {
        contextRunner().withUserConfiguration(ManagerConfiguration.class).run(context -> assertThatExceptionOfType(
                RpcException.class).isThrownBy(() -> vault(context, null).whoAmI())
                .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.UNAUTHENTICATED)));
    }

    @Test
    void shouldRunCallsWithoutCredentialsAsAnonymousWhenEveryoneIsPermitted() {
        contextRunner().withUserConfiguration(ManagerConfiguration.class)
                .withPropertyValues("rpc.server.security.default-access=permit-all")
                .run(context -> assertThat(vault(context, null).whoAmI()).isEqualTo("anonymousUser"));
    }

    @Test
    void shouldRefuseMethodsNoRuleNamesWhenDefaultAccessIsDenyAll() {
        contextRunner().withUserConfiguration(ManagerConfiguration.class, OpenRuleConfiguration.class)
                .withPropertyValues("rpc.server.security.default-access=deny-all")
                .run(context -> {
                    VaultService vault = vault(context, AuthorizationMetadata.basic("service", "s3cret"));
                    assertThat(vault.open()).isEqualTo("service");
                    assertThatExceptionOfType(RpcException.class).isThrownBy(vault::whoAmI)
                            .satisfies(ex -> assertThat(ex.status()).isEqualTo(RpcStatus.PERMISSION_DENIED));
                });
    }

    @Test
    void shouldFailWhenARuleNamesNoMethodOfItsService() {
        contextRunner().withUserConfiguration(UsersConfiguration.class)
                .withBean(RpcAuthorizationRules.class, () -> RpcAuthorizationRules.builder()
                        .rule(VaultService.class.getName() + "/whoAmI", SingleResultAuthorizationManager.permitAll())
                        .rule(VaultService.class.getName() + "/whoAmy", SingleResultAuthorizationManager.permitAll())
                        .build())
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("[" + VaultService.class.getName() + "/whoAmy]")
                        .hasMessageContaining("whoAmI()"));
    }

    @Test
    void shouldFailWhenARuleNamesNoExportedService() {
        contextRunner().withUserConfiguration(UsersConfiguration.class)
                .withBean(RpcAuthorizationRules.class, () -> RpcAuthorizationRules.builder()
                        .rule("com.acme.Missing/*", SingleResultAuthorizationManager.permitAll())
                        .build())
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("[com.acme.Missing/*] name no exported method"));
    }

    @Test
    void shouldRefuseToStartAServerOnAllInterfacesWithNeitherTlsNorAuthenticationWhenToldTo() {
        contextRunner().withPropertyValues("rpc.server.address=0.0.0.0", "rpc.server.security.unprotected=fail")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOf(UnprotectedRpcServerException.class)
                        .hasMessageContaining("0.0.0.0:<a free port>")
                        .hasMessageContaining(VaultService.class.getName()));
    }

    private static VaultService vault(AssertableApplicationContext context, String authorization) {
        ReferenceOptions.Builder reference = ReferenceOptions
                .to("127.0.0.1:" + context.getBean(RpcServerLifecycle.class).getServer().port());
        if (authorization != null) {
            reference.metadata(AuthorizationMetadata.KEY, authorization);
        }
        return context.getBean(RpcClient.class).proxy(VaultService.class, reference.build());
    }

    @Configuration(proxyBeanMethods = false)
    static class VaultConfiguration {

        @Bean
        NamesVault vault() {
            return new NamesVault();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UsersConfiguration {

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice-pw").roles("READER")
                    .build());
        }
    }

    /** An application's own AuthenticationManager, which knows one service account. */
    @Configuration(proxyBeanMethods = false)
    static class ManagerConfiguration {

        @Bean
        AuthenticationManager authenticationManager() {
            return request -> {
                if ("outage".equals(request.getName())) {
                    throw new AuthenticationServiceException("the token issuer cannot be reached");
                }
                if ("service".equals(request.getName()) && "s3cret".equals(request.getCredentials())) {
                    return UsernamePasswordAuthenticationToken.authenticated("service", null,
                            AuthorityUtils.createAuthorityList("ROLE_SERVICE"));
                }
                throw new BadCredentialsException("unknown service account");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OpenRuleConfiguration {

        @Bean
        RpcAuthorizationRules rpcAuthorizationRules() {
            return RpcAuthorizationRules.builder()
                    .rule(VaultService.class.getName() + "/open", SingleResultAuthorizationManager.permitAll())
                    .build();
        }
    }

    /** Answers with the name of the caller's authentication. */
    @RpcService
    static class NamesVault implements VaultService {

        @Override
        public String whoAmI() {
            return SecurityContextHolder.getContext().getAuthentication().getName();
        }

        @Override
        public CompletableFuture<String> whoAmILater() {
            return CompletableFuture.completedFuture(whoAmI());
        }

        @Override
        public void note(String text) {
        }

        @Override
        public String restock(String item) {
            return whoAmI();
        }

        @Override
        public CompletableFuture<String> restockLater(String item) {
            return CompletableFuture.completedFuture(whoAmI());
        }

        @Override
        public void restockQuietly(String item) {
        }

        @Override
        public String audit() {
            return whoAmI();
        }

        @Override
        public CompletableFuture<String> auditLater() {
            return CompletableFuture.completedFuture(whoAmI());
        }

        @Override
        public void auditQuietly() {
        }

        @Override
        public String open() {
            return whoAmI();
        }
    }
}
