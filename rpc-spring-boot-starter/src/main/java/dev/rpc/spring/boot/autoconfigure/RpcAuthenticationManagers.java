package dev.rpc.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.rpc.spring.boot.security.ClientCertificateAuthenticationProvider;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.util.ClassUtils;

/**
 * Finds the application's {@link AuthenticationManager} for calls: its one {@code AuthenticationManager} bean, or
 * else one built from what it declares, in this order: {@code AuthenticationProvider} beans, a {@code JwtDecoder}
 * (with a {@code JwtAuthenticationConverter} bean if there is one), an {@code OpaqueTokenIntrospector}, and a
 * {@code UserDetailsService} (with the {@code PasswordEncoder} bean, or a delegating encoder; and for callers named
 * by their client certificate). Not itself a bean,
 * so that Spring Security's own configuration never picks it up.
 */
final class RpcAuthenticationManagers {

    private static final String RESOURCE_SERVER =
            "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider";

    private static final String JOSE = "org.springframework.security.oauth2.jwt.JwtDecoder";

    private RpcAuthenticationManagers() {
    }

    /**
     * Returns the manager.
     * @throws IllegalStateException if the application declares nothing to authenticate with
     */
    static AuthenticationManager of(ListableBeanFactory beans) {
        AuthenticationManager unique = beans.getBeanProvider(AuthenticationManager.class).getIfUnique();
        if (unique != null) {
            return unique;
        }
        List<AuthenticationProvider> providers = new ArrayList<>(
                beans.getBeanProvider(AuthenticationProvider.class).orderedStream().toList());
        ClassLoader classLoader = RpcAuthenticationManagers.class.getClassLoader();
        if (ClassUtils.isPresent(RESOURCE_SERVER, classLoader) && ClassUtils.isPresent(JOSE, classLoader)) {
            providers.addAll(BearerTokenProviders.of(beans));
        }
        UserDetailsService users = beans.getBeanProvider(UserDetailsService.class).getIfUnique();
        if (users != null) {
            DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
            PasswordEncoder encoder = beans.getBeanProvider(PasswordEncoder.class).getIfUnique();
            dao.setPasswordEncoder((encoder != null) ? encoder : PasswordEncoderFactories.createDelegatingPasswordEncoder());
            providers.add(dao);
            providers.add(new ClientCertificateAuthenticationProvider(users));
        }
        if (providers.isEmpty()) {
            throw new IllegalStateException("RPC calls are to be authenticated with Spring Security, but the application "
                    + "declares nothing to authenticate with: declare an AuthenticationManager, AuthenticationProvider, "
                    + "UserDetailsService, JwtDecoder or OpaqueTokenIntrospector bean, or set "
                    + "rpc.server.security.enabled=false");
        }
        return new ProviderManager(providers);
    }

    /** The providers of bearer tokens; a class of its own, loaded only when the resource server is present. */
    private static final class BearerTokenProviders {

        static List<AuthenticationProvider> of(ListableBeanFactory beans) {
            List<AuthenticationProvider> providers = new ArrayList<>(2);
            JwtDecoder decoder = beans.getBeanProvider(JwtDecoder.class).getIfUnique();
            if (decoder != null) {
                JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(decoder);
                ObjectProvider<Converter<Jwt, ? extends AbstractAuthenticationToken>> converter = beans.getBeanProvider(
                        ResolvableType.forClassWithGenerics(Converter.class, Jwt.class,
                                AbstractAuthenticationToken.class));
                Converter<Jwt, ? extends AbstractAuthenticationToken> found = converter.getIfUnique();
                if (found != null) {
                    jwt.setJwtAuthenticationConverter(found);
                }
                providers.add(jwt);
            }
            OpaqueTokenIntrospector introspector = beans.getBeanProvider(OpaqueTokenIntrospector.class).getIfUnique();
            if (introspector != null) {
                providers.add(new OpaqueTokenAuthenticationProvider(introspector));
            }
            return providers;
        }
    }
}
