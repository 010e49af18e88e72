package dev.rpc.spring.boot.security;

import dev.rpc.spring.boot.fixtures.VaultService;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the applications of the security tests: servers on 127.0.0.1 and a free port, and their clients. */
final class Apps {

    private Apps() {
    }

    static ConfigurableApplicationContext server(Class<?> application, String... properties) {
        return server(new Class<?>[] { application }, properties);
    }

    static ConfigurableApplicationContext server(Class<?>[] sources, String... properties) {
        return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.server.port=0", "rpc.server.address=127.0.0.1",
                        "rpc.server.io-threads=1")
                .properties(properties)
                .run();
    }

    static int port(ConfigurableApplicationContext server) {
        return server.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
    }

    /** Starts a {@link VaultClient} of the server at {@code port}, with credentials properties for the vault. */
    static ConfigurableApplicationContext vaultClient(int port, String... properties) {
        return client(VaultClient.class, port, properties);
    }

    static ConfigurableApplicationContext client(Class<?> application, int port, String... properties) {
        return client(new Class<?>[] { application }, port, properties);
    }

    static ConfigurableApplicationContext client(Class<?>[] sources, int port, String... properties) {
        return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.client.io-threads=1",
                        "rpc.client.services." + VaultService.class.getSimpleName() + ".address=127.0.0.1:" + port)
                .properties(properties)
                .run();
    }

    static VaultService vault(ConfigurableApplicationContext client) {
        return client.getBean(VaultClient.Caller.class).vault;
    }

    /** The credentials properties of basic credentials for the vault. */
    static String[] basic(String username, String password) {
        String prefix = "rpc.client.services." + VaultService.class.getSimpleName() + ".credentials.";
        return new String[] { prefix + "username=" + username, prefix + "password=" + password };
    }

    /** The credentials properties of a fixed bearer token for the vault. */
    static String[] bearer(String token) {
        return new String[] { "rpc.client.services." + VaultService.class.getSimpleName() + ".credentials.bearer-token="
                + token };
    }
}
