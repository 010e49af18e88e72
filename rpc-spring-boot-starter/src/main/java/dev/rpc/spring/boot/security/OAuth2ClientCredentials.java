package dev.rpc.spring.boot.security;

import java.util.Objects;
import java.util.function.Supplier;

import dev.rpc.core.client.ClientCall;
import dev.rpc.spring.boot.client.credentials.RpcCallCredentials;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

/**
 * The access token of an OAuth2 client registration, sent as a bearer token: asked of an
 * {@link OAuth2AuthorizedClientManager} on each call, which returns the cached token and obtains a new one (with
 * the registration's grant, client credentials for service-to-service calls) when it is missing or about to expire.
 * Obtaining one is a request to the authorization server, made on the calling thread: once per token lifetime.
 * Thread-safe when the manager is.
 */
public final class OAuth2ClientCredentials implements RpcCallCredentials {

    private final Supplier<? extends OAuth2AuthorizedClientManager> manager;

    private final String registrationId;

    private final String principal;

    /**
     * Creates the credentials.
     * @param manager returns what authorizes the client and caches its token; asked on each call, so that it may
     *        be found lazily
     * @param registrationId the id under {@code spring.security.oauth2.client.registration}
     * @param principal the name the token is cached under; for the client credentials grant any fixed name
     */
    public OAuth2ClientCredentials(Supplier<? extends OAuth2AuthorizedClientManager> manager, String registrationId,
            String principal) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.registrationId = Objects.requireNonNull(registrationId, "registrationId");
        this.principal = Objects.requireNonNull(principal, "principal");
    }

    @Override
    public String authorization(ClientCall call) {
        OAuth2AuthorizedClient client = this.manager.get().authorize(OAuth2AuthorizeRequest
                .withClientRegistrationId(this.registrationId)
                .principal(this.principal)
                .build());
        if (client == null || client.getAccessToken() == null) {
            throw new IllegalStateException("the OAuth2 client '" + this.registrationId + "' could not be authorized "
                    + "(is its authorization-grant-type client_credentials?)");
        }
        return AuthorizationMetadata.bearer(client.getAccessToken().getTokenValue());
    }

    @Override
    public String toString() {
        return "the OAuth2 client '" + this.registrationId + "'";
    }
}
