package dev.rpc.spring.boot.autoconfigure;

import java.util.Map;

import dev.rpc.spring.boot.client.credentials.OAuth2ClientCredentialsFactory;
import dev.rpc.spring.boot.client.credentials.RpcCredentialsInterceptor;
import dev.rpc.spring.boot.client.credentials.ServiceCredentialsRegistrar;
import dev.rpc.spring.boot.client.credentials.TokenRelayCredentials;
import dev.rpc.spring.boot.security.BearerTokenRelay;
import dev.rpc.spring.boot.security.OAuth2ClientCredentials;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Sends credentials with the calls of the services that configure them under
 * {@code rpc.client.services.<key>.credentials}: a fixed bearer token, a username and password, an
 * {@link dev.rpc.spring.boot.client.credentials.RpcCallCredentials} bean, the access token of an OAuth2 client
 * registration (with Spring Security's OAuth2 client), or the current caller's bearer token (token relay, with
 * Spring Security's resource server). Only when some service configures credentials: otherwise calls take the path
 * without interceptors.
 */
@AutoConfiguration
@Conditional(RpcClientCredentialsAutoConfiguration.OnServiceCredentials.class)
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcClientCredentialsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RpcCredentialsInterceptor rpcCredentialsInterceptor() {
        return new RpcCredentialsInterceptor();
    }

    @Bean
    @ConditionalOnMissingBean
    ServiceCredentialsRegistrar rpcServiceCredentialsRegistrar(RpcProperties properties,
            RpcCredentialsInterceptor interceptor, BeanFactory beanFactory,
            ObjectProvider<OAuth2ClientCredentialsFactory> oauth2Clients, ObjectProvider<TokenRelayCredentials> relay) {
        return new ServiceCredentialsRegistrar(properties.getClient(), interceptor, beanFactory,
                oauth2Clients.getIfAvailable(), relay.getIfAvailable());
    }

    /** Token relay, with Spring Security's resource server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ SecurityContextHolder.class, AbstractOAuth2TokenAuthenticationToken.class })
    static class TokenRelayConfiguration {

        @Bean
        @ConditionalOnMissingBean(TokenRelayCredentials.class)
        BearerTokenRelay rpcBearerTokenRelay(ObjectProvider<SecurityContextHolderStrategy> contexts) {
            return new BearerTokenRelay(contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy));
        }
    }

    /**
     * OAuth2 client credentials, with Spring Security's OAuth2 client: the application's
     * {@code OAuth2AuthorizedClientManager}, or one built from its client registrations, looked up on first use.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OAuth2AuthorizedClientManager.class)
    static class OAuth2ClientConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OAuth2ClientCredentialsFactory rpcOAuth2ClientCredentialsFactory(
                ObjectProvider<OAuth2AuthorizedClientManager> managers,
                ObjectProvider<ClientRegistrationRepository> registrations,
                ObjectProvider<OAuth2AuthorizedClientService> clients) {
            SingletonSupplier<OAuth2AuthorizedClientManager> manager = SingletonSupplier.of(() -> {
                OAuth2AuthorizedClientManager unique = managers.getIfUnique();
                if (unique != null) {
                    return unique;
                }
                ClientRegistrationRepository repository = registrations.getIfUnique();
                OAuth2AuthorizedClientService service = clients.getIfUnique();
                if (repository == null || service == null) {
                    throw new IllegalStateException("OAuth2 client credentials need an OAuth2AuthorizedClientManager "
                            + "bean, or ClientRegistrationRepository and OAuth2AuthorizedClientService beans "
                            + "(spring-boot-starter-oauth2-client and spring.security.oauth2.client.registration.*)");
                }
                return new AuthorizedClientServiceOAuth2AuthorizedClientManager(repository, service);
            });
            return registrationId -> new OAuth2ClientCredentials(manager, registrationId, registrationId);
        }
    }

    /** Some {@code rpc.client.services.<key>.credentials} property is set. */
    static final class OnServiceCredentials extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Map<String, RpcProperties.Service> services = Binder.get(context.getEnvironment())
                    .bind("rpc.client.services", Bindable.mapOf(String.class, RpcProperties.Service.class))
                    .orElse(Map.of());
            for (Map.Entry<String, RpcProperties.Service> entry : services.entrySet()) {
                RpcProperties.Credentials credentials = entry.getValue().getCredentials();
                if (StringUtils.hasText(credentials.getBearerToken()) || StringUtils.hasText(credentials.getUsername())
                        || StringUtils.hasText(credentials.getPassword()) || StringUtils.hasText(credentials.getBean())
                        || StringUtils.hasText(credentials.getOauth2Client()) || credentials.isRelay()) {
                    return ConditionOutcome.match("rpc.client.services." + entry.getKey() + ".credentials is set");
                }
            }
            return ConditionOutcome.noMatch("no rpc.client.services.<key>.credentials property is set");
        }
    }
}
