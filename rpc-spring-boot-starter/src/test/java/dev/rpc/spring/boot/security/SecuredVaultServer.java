package dev.rpc.spring.boot.security;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.fixtures.VaultService;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A server application secured as the README says: users for basic credentials, a JWT decoder for bearer tokens,
 * rules for the restock methods and {@code open}, {@code @PreAuthorize} on the audit methods, and method security
 * enabled. alice is a reader, bob a reader and writer, carol an auditor; each password is the name and "-pw".
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
class SecuredVaultServer {

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-pw").roles("READER").build(),
                User.withUsername("bob").password("{noop}bob-pw").roles("READER", "WRITER").build(),
                User.withUsername("carol").password("{noop}carol-pw").roles("AUDITOR").build());
    }

    @Bean
    JwtDecoder jwtDecoder() {
        return TestTokens.decoder();
    }

    @Bean
    RpcAuthorizationRules rpcAuthorizationRules() {
        String vault = VaultService.class.getName();
        return RpcAuthorizationRules.builder()
                .rule(vault + "/restock", AuthorityAuthorizationManager.hasRole("WRITER"))
                .rule(vault + "/restockLater(java.lang.String)", AuthorityAuthorizationManager.hasRole("WRITER"))
                .rule(vault + "/restockQuietly", AuthorityAuthorizationManager.hasRole("WRITER"))
                .rule(vault + "/open", SingleResultAuthorizationManager.permitAll())
                .build();
    }

    @Bean
    Bodies bodies() {
        return new Bodies();
    }

    /** What the service's method bodies did: which ran, and as whom. */
    static class Bodies {

        final Queue<String> ran = new ConcurrentLinkedQueue<>();

        final Queue<String> threads = new ConcurrentLinkedQueue<>();

        void ran(String what) {
            this.ran.add(what + " as " + currentName());
            this.threads.add(Thread.currentThread().getName());
        }

        void clear() {
            this.ran.clear();
            this.threads.clear();
        }
    }

    static String currentName() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return (authentication != null) ? authentication.getName() : "none";
    }

    /** Registered as a member class of the configuration. */
    @RpcService
    static class Vault implements VaultService {

        private final Bodies bodies;

        Vault(Bodies bodies) {
            this.bodies = bodies;
        }

        @Override
        public String whoAmI() {
            this.bodies.ran("whoAmI");
            return currentName();
        }

        @Override
        public CompletableFuture<String> whoAmILater() {
            this.bodies.ran("whoAmILater");
            return CompletableFuture.completedFuture(currentName());
        }

        @Override
        public void note(String text) {
            this.bodies.ran("note " + text);
        }

        @Override
        public String restock(String item) {
            this.bodies.ran("restock " + item);
            return "restocked " + item + " by " + currentName();
        }

        @Override
        public CompletableFuture<String> restockLater(String item) {
            this.bodies.ran("restockLater " + item);
            return CompletableFuture.completedFuture("restocked " + item + " by " + currentName());
        }

        @Override
        public void restockQuietly(String item) {
            this.bodies.ran("restockQuietly " + item);
        }

        @Override
        @PreAuthorize("hasRole('AUDITOR')")
        public String audit() {
            this.bodies.ran("audit");
            return "audited by " + currentName();
        }

        @Override
        @PreAuthorize("hasRole('AUDITOR')")
        public CompletableFuture<String> auditLater() {
            this.bodies.ran("auditLater");
            return CompletableFuture.completedFuture("audited by " + currentName());
        }

        @Override
        @PreAuthorize("hasRole('AUDITOR')")
        public void auditQuietly() {
            this.bodies.ran("auditQuietly");
        }

        @Override
        public String open() {
            this.bodies.ran("open");
            return currentName();
        }
    }
}
