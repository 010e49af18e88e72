package dev.rpc.sample.server;

import dev.rpc.sample.api.InventoryService;
import dev.rpc.spring.boot.security.RpcAuthorizationRules;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * Who may call what, with the {@code secure} profile (TLS is in {@code application-secure.yml}). A
 * {@link UserDetailsService} bean is what turns the starter's Spring Security support on: from then on every call
 * needs valid credentials ({@code rpc.server.security.default-access: authenticated}), and {@code writeOff} needs
 * {@code ROLE_ADMIN} as well, which the demo client does not have. Without the profile neither bean exists, and the
 * server accepts every call, as in the plain demo.
 */
@Configuration(proxyBeanMethods = false)
@Profile("secure")
public class SecureProfileConfiguration {

    /** The one caller: the demo client, a clerk. Its password is a hash, from {@code inventory.security.client-password}. */
    @Bean
    UserDetailsService inventoryCallers(@Value("${inventory.security.client-password}") String passwordHash) {
        return new InMemoryUserDetailsManager(
                User.withUsername("inventory-client").password(passwordHash).roles("CLERK").build());
    }

    /** Decided before the arguments are parsed: a refused call is answered PERMISSION_DENIED and does not run. */
    @Bean
    RpcAuthorizationRules rpcAuthorizationRules() {
        return RpcAuthorizationRules.builder()
                .rule(InventoryService.class.getName() + "/writeOff", AuthorityAuthorizationManager.hasRole("ADMIN"))
                .build();
    }
}
