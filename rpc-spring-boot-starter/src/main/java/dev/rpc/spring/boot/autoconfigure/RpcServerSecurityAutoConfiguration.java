package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.core.server.ServerCallContext;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.security.BasicAuthenticationExtractor;
import dev.rpc.spring.boot.security.BearerTokenAuthenticationExtractor;
import dev.rpc.spring.boot.security.ClientCertificateAuthenticationExtractor;
import dev.rpc.spring.boot.security.RpcAuthenticationExtractor;
import dev.rpc.spring.boot.security.RpcAuthorizationRules;
import dev.rpc.spring.boot.security.RpcAuthorizationRulesVerifier;
import dev.rpc.spring.boot.security.RpcCallAuthenticator;
import dev.rpc.spring.boot.security.RpcServerSecurityInterceptor;
import dev.rpc.spring.boot.server.RpcServiceCollector;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates and authorizes the server's calls with Spring Security: when it is on the classpath, the server
 * exports {@code @RpcService} beans, {@code rpc.server.security.enabled} is not {@code false}, and the application
 * has something to authenticate with (an {@code AuthenticationManager}, {@code AuthenticationProvider},
 * {@code UserDetailsService}, {@code JwtDecoder} or {@code OpaqueTokenIntrospector} bean). Credentials come from
 * the {@code authorization} metadata (basic always; bearer tokens with {@code spring-security-oauth2-resource-server}),
 * and every call needs an authenticated caller unless {@link RpcAuthorizationRules} or
 * {@code rpc.server.security.default-access} say otherwise. See {@link RpcServerSecurityInterceptor}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnClass({ AuthenticationManager.class, SecurityContextHolder.class })
@ConditionalOnBooleanProperty(name = "rpc.server.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "rpc.server.security.enabled", matchIfMissing = true)
@ConditionalOnBean(annotation = RpcService.class)
@Conditional(RpcServerSecurityAutoConfiguration.OnAuthenticationSource.class)
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcServerSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BasicAuthenticationExtractor rpcBasicAuthenticationExtractor() {
        return new BasicAuthenticationExtractor();
    }

    @Bean
    @ConditionalOnMissingBean
    ClientCertificateAuthenticationExtractor rpcClientCertificateAuthenticationExtractor() {
        return new ClientCertificateAuthenticationExtractor();
    }

    @Bean
    @ConditionalOnMissingBean
    RpcCallAuthenticator rpcCallAuthenticator(ObjectProvider<RpcAuthenticationExtractor> extractors,
            ListableBeanFactory beanFactory) {
        return new RpcCallAuthenticator(extractors.orderedStream().toList(), RpcAuthenticationManagers.of(beanFactory));
    }

    @Bean
    @ConditionalOnMissingBean
    RpcServerSecurityInterceptor rpcServerSecurityInterceptor(RpcCallAuthenticator authenticator,
            ObjectProvider<RpcAuthorizationRules> rules, RpcProperties properties,
            ObjectProvider<SecurityContextHolderStrategy> contexts) {
        return new RpcServerSecurityInterceptor(authenticator,
                rules.getIfAvailable(() -> RpcAuthorizationRules.builder().build()),
                defaultRule(properties.getServer().getSecurity().getDefaultAccess()),
                contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy));
    }

    @Bean
    @ConditionalOnBean(RpcAuthorizationRules.class)
    RpcAuthorizationRulesVerifier rpcAuthorizationRulesVerifier(RpcAuthorizationRules rules,
            ObjectProvider<RpcServiceCollector> collector, ListableBeanFactory beanFactory) {
        return new RpcAuthorizationRulesVerifier(rules, collector.getIfAvailable(RpcServiceCollector::new), beanFactory);
    }

    private static AuthorizationManager<ServerCallContext> defaultRule(RpcProperties.DefaultAccess access) {
        return switch (access) {
            case AUTHENTICATED -> AuthenticatedAuthorizationManager.authenticated();
            case PERMIT_ALL -> SingleResultAuthorizationManager.permitAll();
            case DENY_ALL -> SingleResultAuthorizationManager.denyAll();
        };
    }

    /** Bearer tokens, with Spring Security's resource server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(BearerTokenAuthenticationToken.class)
    static class BearerTokenConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BearerTokenAuthenticationExtractor rpcBearerTokenAuthenticationExtractor() {
            return new BearerTokenAuthenticationExtractor();
        }
    }

    /** The application has something to authenticate callers with. */
    static final class OnAuthenticationSource extends AnyNestedCondition {

        OnAuthenticationSource() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(AuthenticationManager.class)
        static class Manager {
        }

        @ConditionalOnBean(AuthenticationProvider.class)
        static class Provider {
        }

        @ConditionalOnBean(UserDetailsService.class)
        static class Users {
        }

        @ConditionalOnBean(type = "org.springframework.security.oauth2.jwt.JwtDecoder")
        static class Jwt {
        }

        @ConditionalOnBean(type = "org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector")
        static class OpaqueToken {
        }
    }
}
