package dev.rpc.spring.boot.client.credentials;

/**
 * Makes the credentials of an OAuth2 client registration, for {@code rpc.client.services.<key>.credentials.oauth2-client}:
 * its access token, obtained with the client credentials grant and renewed when it expires, sent as a bearer
 * token. The starter declares one when Spring Security's OAuth2 client is on the classpath; declare your own to
 * replace it.
 */
@FunctionalInterface
public interface OAuth2ClientCredentialsFactory {

    /**
     * Returns the credentials of a registration.
     * @param registrationId the id under {@code spring.security.oauth2.client.registration}
     * @return credentials that obtain the registration's access token on each call (the authorized client manager
     *         caches it until it expires)
     */
    RpcCallCredentials forRegistration(String registrationId);
}
