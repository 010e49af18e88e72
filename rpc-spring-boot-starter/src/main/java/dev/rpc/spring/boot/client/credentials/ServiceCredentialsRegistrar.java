package dev.rpc.spring.boot.client.credentials;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.autoconfigure.RpcProperties;
import dev.rpc.spring.boot.client.RpcReferenceCustomizer;
import dev.rpc.spring.boot.client.ServiceSettings;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.StringUtils;

/**
 * Registers the credentials of each reference, from {@code rpc.client.services.<key>.credentials}, with the
 * {@link RpcCredentialsInterceptor}, as its proxy is created.
 *
 * <p>Credentials are chosen per service name, the only thing an interceptor knows of the reference a call comes
 * from. Two references of the same service name must therefore send the same credentials: if their keys configure
 * different ones, or one configures some and the other none, the second proxy fails to be created (and so the
 * startup), naming both keys, rather than sending one reference's credentials to the other's server. Thread-safe.
 */
public final class ServiceCredentialsRegistrar implements RpcReferenceCustomizer {

    private final RpcProperties.Client properties;

    private final RpcCredentialsInterceptor interceptor;

    private final ServiceCredentialsResolver resolver;

    private final Map<String, Registration> byService = new ConcurrentHashMap<>();

    /**
     * Creates the registrar.
     * @param properties the {@code rpc.client} settings
     * @param interceptor where the credentials are registered
     * @param beanFactory where {@code credentials.bean} is looked up
     * @param oauth2Clients makes the credentials of an OAuth2 client registration, or {@code null} when the
     *        application lacks Spring Security's OAuth2 client
     * @param relay the token relay, or {@code null} when the application lacks Spring Security's resource server
     */
    public ServiceCredentialsRegistrar(RpcProperties.Client properties, RpcCredentialsInterceptor interceptor,
            BeanFactory beanFactory, OAuth2ClientCredentialsFactory oauth2Clients, TokenRelayCredentials relay) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
        this.resolver = new ServiceCredentialsResolver(beanFactory, oauth2Clients, relay);
    }

    @Override
    public void customize(String serviceKey, ServiceDescriptor service, ReferenceOptions.Builder options) {
        String configuredKey = ServiceSettings.configuredKey(this.properties.getServices(), serviceKey);
        RpcProperties.Credentials settings = (configuredKey != null)
                ? this.properties.getServices().get(configuredKey).getCredentials() : new RpcProperties.Credentials();
        String key = (configuredKey != null) ? configuredKey : serviceKey;
        Registration registration = new Registration(key, Spec.of(settings));
        Registration previous = this.byService.putIfAbsent(service.name(), registration);
        if (previous != null) {
            if (!previous.spec().equals(registration.spec())) {
                throw new IllegalStateException("The references 'rpc.client.services." + previous.key() + "' and '"
                        + "rpc.client.services." + key + "' both call the service " + service.name() + " with "
                        + "different credentials (" + previous.spec().describe() + ", " + registration.spec().describe()
                        + "). Credentials are chosen per service name: give both keys the same credentials, or "
                        + "use one key.");
            }
            return;
        }
        RpcCallCredentials credentials = this.resolver.resolve("rpc.client.services." + key + ".credentials", settings);
        if (credentials != null) {
            this.interceptor.register(service.name(), credentials);
        }
    }

    private record Registration(String key, Spec spec) {
    }

    /** The credentials properties of one key, compared by value; described without secrets. */
    private record Spec(String bearerToken, String username, String password, String bean, String oauth2Client,
            boolean relay) {

        static Spec of(RpcProperties.Credentials credentials) {
            return new Spec(text(credentials.getBearerToken()), text(credentials.getUsername()),
                    credentials.getPassword(), text(credentials.getBean()), text(credentials.getOauth2Client()),
                    credentials.isRelay());
        }

        private static String text(String value) {
            return StringUtils.hasText(value) ? value : null;
        }

        String describe() {
            if (this.bearerToken != null) {
                return "a fixed bearer token";
            }
            if (this.username != null) {
                return "the username '" + this.username + "'";
            }
            if (this.bean != null) {
                return "the bean '" + this.bean + "'";
            }
            if (this.oauth2Client != null) {
                return "the OAuth2 client '" + this.oauth2Client + "'";
            }
            return this.relay ? "token relay" : "none";
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
