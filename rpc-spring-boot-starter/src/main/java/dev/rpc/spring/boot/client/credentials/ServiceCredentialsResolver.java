package dev.rpc.spring.boot.client.credentials;

import java.util.ArrayList;
import java.util.List;

import dev.rpc.core.client.ClientCall;
import dev.rpc.spring.boot.autoconfigure.RpcProperties;
import dev.rpc.spring.boot.security.AuthorizationMetadata;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Turns the {@code rpc.client.services.<key>.credentials} properties of one service into its
 * {@link RpcCallCredentials}, failing with a message that names the property when they are inconsistent or need
 * what the application lacks.
 */
final class ServiceCredentialsResolver {

    private final BeanFactory beanFactory;

    private final OAuth2ClientCredentialsFactory oauth2Clients;

    private final TokenRelayCredentials relay;

    /**
     * @param beanFactory where {@code credentials.bean} is looked up
     * @param oauth2Clients the credentials of an OAuth2 client registration, or {@code null} without Spring
     *        Security's OAuth2 client
     * @param relay the token relay, or {@code null} without Spring Security's resource server
     */
    ServiceCredentialsResolver(BeanFactory beanFactory, OAuth2ClientCredentialsFactory oauth2Clients,
            TokenRelayCredentials relay) {
        this.beanFactory = beanFactory;
        this.oauth2Clients = oauth2Clients;
        this.relay = relay;
    }

    /**
     * Returns the credentials the properties describe, or {@code null} when they describe none.
     * @param property the properties' name, such as {@code rpc.client.services.inventory.credentials}, for messages
     * @throws IllegalStateException if more than one kind is set, a kind is incomplete, or it needs what is missing
     */
    RpcCallCredentials resolve(String property, RpcProperties.Credentials credentials) {
        List<String> kinds = kinds(credentials);
        if (kinds.isEmpty()) {
            if (StringUtils.hasText(credentials.getPassword())) {
                throw new IllegalStateException(property + ".password is set without " + property + ".username; set both");
            }
            return null;
        }
        if (kinds.size() > 1) {
            throw new IllegalStateException(property + " sets " + String.join(" and ", kinds)
                    + "; a service sends one kind of credentials: keep one");
        }
        return switch (kinds.get(0)) {
            case "bearer-token" -> fixed(AuthorizationMetadata.bearer(credentials.getBearerToken()), "a fixed bearer token");
            case "username" -> basic(property, credentials);
            case "bean" -> bean(property, credentials.getBean());
            case "oauth2-client" -> oauth2(property, credentials.getOauth2Client());
            default -> relay(property);
        };
    }

    private static List<String> kinds(RpcProperties.Credentials credentials) {
        List<String> kinds = new ArrayList<>(1);
        if (StringUtils.hasText(credentials.getBearerToken())) {
            kinds.add("bearer-token");
        }
        if (StringUtils.hasText(credentials.getUsername())) {
            kinds.add("username");
        }
        if (StringUtils.hasText(credentials.getBean())) {
            kinds.add("bean");
        }
        if (StringUtils.hasText(credentials.getOauth2Client())) {
            kinds.add("oauth2-client");
        }
        if (credentials.isRelay()) {
            kinds.add("relay");
        }
        return kinds;
    }

    private static RpcCallCredentials basic(String property, RpcProperties.Credentials credentials) {
        if (credentials.getPassword() == null) {
            throw new IllegalStateException(property + ".username is set without " + property + ".password; set both");
        }
        try {
            return RpcCallCredentials.basic(credentials.getUsername(), credentials.getPassword());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException(property + ".username: " + ex.getMessage(), ex);
        }
    }

    private RpcCallCredentials bean(String property, String name) {
        if (!this.beanFactory.containsBean(name) || !this.beanFactory.isTypeMatch(name, RpcCallCredentials.class)) {
            throw new IllegalStateException(property + ".bean names '" + name + "', but the context has no bean of "
                    + "that name of type " + RpcCallCredentials.class.getName() + "; declare one, or fix the name");
        }
        SingletonSupplier<RpcCallCredentials> bean = SingletonSupplier.of(
                () -> this.beanFactory.getBean(name, RpcCallCredentials.class));
        return new RpcCallCredentials() {

            @Override
            public String authorization(ClientCall call) {
                return bean.obtain().authorization(call);
            }

            @Override
            public String toString() {
                return "the bean '" + name + "'";
            }
        };
    }

    private RpcCallCredentials oauth2(String property, String registrationId) {
        if (this.oauth2Clients == null) {
            throw new IllegalStateException(property + ".oauth2-client needs Spring Security's OAuth2 client: add "
                    + "spring-boot-starter-oauth2-client and the registration spring.security.oauth2.client.registration."
                    + registrationId + " (authorization-grant-type: client_credentials)");
        }
        return this.oauth2Clients.forRegistration(registrationId);
    }

    private RpcCallCredentials relay(String property) {
        if (this.relay == null) {
            throw new IllegalStateException(property + ".relay needs Spring Security's resource server (bearer tokens "
                    + "to relay): add spring-boot-starter-oauth2-resource-server");
        }
        return this.relay;
    }

    private static RpcCallCredentials fixed(String value, String description) {
        return new RpcCallCredentials() {

            @Override
            public String authorization(ClientCall call) {
                return value;
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
