package dev.rpc.spring.boot.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.rpc.core.server.ServerCallContext;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import org.springframework.security.authorization.AuthorizationManager;

/**
 * Who may call what, without annotations: an {@link AuthorizationManager} per service and method, decided before
 * the call's arguments are parsed, so a refused call costs no parsing and is answered {@code NOT_EXECUTED}.
 * Declare one bean of this type:
 *
 * <pre>{@code
 * @Bean
 * RpcAuthorizationRules rpcAuthorizationRules() {
 *     return RpcAuthorizationRules.builder()
 *             .rule("com.acme.InventoryService/stock", SingleResultAuthorizationManager.permitAll())
 *             .rule("com.acme.InventoryService/reserve(java.lang.String,int)", AuthorityAuthorizationManager.hasRole("WRITER"))
 *             .rule("com.acme.InventoryService/*", AuthenticatedAuthorizationManager.authenticated())
 *             .build();
 * }
 * }</pre>
 *
 * <p>A key is {@code <service>/<method>}: the service name (the interface's binary name, or its
 * {@code @RpcService(serviceName)}), and a method name (every overload), a full signature (whitespace ignored), or
 * {@code *} (every method of the service). The most specific key decides: the signature, then the name, then
 * {@code *}; a call no key names gets {@code rpc.server.security.default-access}. The starter fails at startup
 * when a key names no exported service or method, so a typo cannot silently fall back to the default. A rule sees
 * the caller's authentication (an anonymous one for a call without credentials) and the
 * {@link ServerCallContext}: the method, the metadata, the caller's address. Immutable and thread-safe.
 */
public final class RpcAuthorizationRules {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private static final String ANY_METHOD = "*";

    private final Map<String, AuthorizationManager<ServerCallContext>> rules;

    private RpcAuthorizationRules(Map<String, AuthorizationManager<ServerCallContext>> rules) {
        this.rules = Map.copyOf(rules);
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the rule of a method: the one keyed by its signature, else by its name, else by {@code *}.
     * @param method the method called
     * @return the rule, or {@code null} when no key names the method
     */
    public AuthorizationManager<ServerCallContext> ruleFor(MethodDescriptor method) {
        String service = method.service().name() + "/";
        AuthorizationManager<ServerCallContext> rule = this.rules.get(service + method.signature());
        if (rule == null) {
            rule = this.rules.get(service + method.name());
        }
        return (rule != null) ? rule : this.rules.get(service + ANY_METHOD);
    }

    /**
     * Returns the keys that name no service, or no method of their service, among the given services.
     * @param services the services a server exports
     * @return the keys as written, in the order they were added; empty when every key names something
     */
    public List<String> unknownKeys(Collection<ServiceDescriptor> services) {
        Set<String> known = new HashSet<>();
        for (ServiceDescriptor service : services) {
            known.add(service.name() + "/" + ANY_METHOD);
            for (MethodDescriptor method : service.methods()) {
                known.add(service.name() + "/" + method.name());
                known.add(service.name() + "/" + method.signature());
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String key : this.rules.keySet()) {
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        unknown.sort(null);
        return unknown;
    }

    /** Returns the keys, without whitespace. */
    public Set<String> keys() {
        return this.rules.keySet();
    }

    /** Builds {@link RpcAuthorizationRules}. Not thread-safe. */
    public static final class Builder {

        private final Map<String, AuthorizationManager<ServerCallContext>> rules = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds the rule of a method, an overload or a whole service.
         * @param key {@code <service>/<method name>}, {@code <service>/<signature>} or {@code <service>/*}
         * @param rule decides whether the caller may call
         * @return this builder
         * @throws IllegalArgumentException if the key is not {@code <service>/<method>}, or is given twice
         */
        public Builder rule(String key, AuthorizationManager<ServerCallContext> rule) {
            Objects.requireNonNull(rule, "rule");
            String normalized = WHITESPACE.matcher(Objects.requireNonNull(key, "key")).replaceAll("");
            int slash = normalized.lastIndexOf('/');
            if (slash <= 0 || slash == normalized.length() - 1) {
                throw new IllegalArgumentException("authorization rule key '" + key + "' must be <service>/<method>, "
                        + "such as com.acme.InventoryService/reserve, com.acme.InventoryService/reserve(java.lang.String,int) "
                        + "or com.acme.InventoryService/*");
            }
            if (this.rules.putIfAbsent(normalized, rule) != null) {
                throw new IllegalArgumentException("authorization rule key '" + key + "' is given twice");
            }
            return this;
        }

        /** Returns the rules. */
        public RpcAuthorizationRules build() {
            return new RpcAuthorizationRules(this.rules);
        }
    }
}
