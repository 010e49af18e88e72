package dev.rpc.spring.boot.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.transport.tls.Greeter;
import dev.rpc.core.transport.tls.TestCertificates;
import dev.rpc.core.transport.tls.TestCertificates.Authority;
import dev.rpc.core.transport.tls.TestCertificates.Identity;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Mutual TLS names the caller: the client certificate's common name is the user, looked up like any other. */
class ClientCertificateAuthenticationTests {

    private static final Authority CA = TestCertificates.authority("test CA");

    private static final Identity SERVER = CA.issue("127.0.0.1", "localhost");

    @TempDir
    Path files;

    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void theCertificatesCommonNameIsTheCallerWithThatUsersRoles() {
        int port = startServer();

        assertThat(caller(port, CA.issue("clerk"), "").greeter.greet("x")).isEqualTo("clerk [ROLE_CLERK]");
    }

    @Test
    void aCertificateNamingNoKnownUserIsUnauthenticatedAndTheMethodDoesNotRun() {
        int port = startServer();
        Caller stranger = caller(port, CA.issue("stranger"), "");

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> stranger.greeter.greet("x")).satisfies(failure -> {
            assertThat(failure.status()).isEqualTo(RpcStatus.UNAUTHENTICATED);
            assertThat(failure.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
        });
    }

    @Test
    void credentialsInTheMetadataWinOverTheCertificate() {
        int port = startServer();
        Caller clerkAsAdmin = caller(port, CA.issue("clerk"), "rpc.client.services.greeter.credentials.username=admin",
                "rpc.client.services.greeter.credentials.password=admin-pw");

        assertThat(clerkAsAdmin.greeter.greet("x")).startsWith("admin [ROLE_ADMIN");
    }

    private int startServer() {
        Path directory = files.resolve("server");
        directory.toFile().mkdirs();
        SERVER.writePem(directory.resolve("cert.pem"), directory.resolve("key.pem"));
        TestCertificates.writeAtomically(directory.resolve("ca.pem"), CA.certificatePem());
        ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.server.port=0", "rpc.server.address=127.0.0.1",
                        "rpc.server.io-threads=1", "rpc.server.shutdown-grace-period=1s",
                        "spring.ssl.bundle.pem.server.keystore.certificate=file:" + directory.resolve("cert.pem"),
                        "spring.ssl.bundle.pem.server.keystore.private-key=file:" + directory.resolve("key.pem"),
                        "spring.ssl.bundle.pem.server.truststore.certificate=file:" + directory.resolve("ca.pem"),
                        "rpc.server.ssl.bundle=server", "rpc.server.ssl.client-auth=need")
                .run();
        running.add(server);
        return server.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
    }

    private Caller caller(int port, Identity identity, String... properties) {
        Path directory = files.resolve("client-" + running.size());
        directory.toFile().mkdirs();
        identity.writePem(directory.resolve("cert.pem"), directory.resolve("key.pem"));
        TestCertificates.writeAtomically(directory.resolve("ca.pem"), CA.certificatePem());
        ConfigurableApplicationContext client = new SpringApplicationBuilder(ClientApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.client.io-threads=1", "rpc.client.timeout=5s",
                        "rpc.client.services.greeter.address=127.0.0.1:" + port,
                        "spring.ssl.bundle.pem.client.keystore.certificate=file:" + directory.resolve("cert.pem"),
                        "spring.ssl.bundle.pem.client.keystore.private-key=file:" + directory.resolve("key.pem"),
                        "spring.ssl.bundle.pem.client.truststore.certificate=file:" + directory.resolve("ca.pem"),
                        "rpc.client.ssl.bundle=client")
                .properties(properties)
                .run();
        running.add(client);
        return client.getBean(Caller.class);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ServerApplication {

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("clerk").password("{noop}clerk-pw").roles("CLERK").build(),
                    User.withUsername("admin").password("{noop}admin-pw").roles("ADMIN").build());
        }

        @Bean
        WhoAmI greeter() {
            return new WhoAmI();
        }
    }

    /** Answers with the caller's name and authorities, as the method's security context holds them. */
    @RpcService
    static class WhoAmI implements Greeter {

        @Override
        public String greet(String name) {
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            return caller.getName() + " " + caller.getAuthorities();
        }

        @Override
        public String caller() {
            return "";
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ClientApplication {

        @Bean
        Caller caller() {
            return new Caller();
        }
    }

    static class Caller {

        @RpcReference(service = "greeter")
        Greeter greeter;
    }
}
