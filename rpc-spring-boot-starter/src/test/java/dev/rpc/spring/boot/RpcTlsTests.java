package dev.rpc.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerCallContext;
import dev.rpc.core.transport.tls.Greeter;
import dev.rpc.core.transport.tls.RecordingTrustManager;
import dev.rpc.core.transport.tls.TestCertificates.Authority;
import dev.rpc.core.transport.tls.TestCertificates.Identity;
import dev.rpc.core.transport.tls.TestCertificates;
import dev.rpc.core.transport.tls.TestSslContexts;
import dev.rpc.core.transport.tls.TlsProbe;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * TLS configured through Spring Boot SSL bundles: server and client applications on 127.0.0.1 with PEM bundles
 * written for each test, real handshakes, and bundles reloaded by rewriting their files.
 */
class RpcTlsTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final Authority CA = TestCertificates.authority("test CA");

    private static final Identity SERVER = CA.issue("127.0.0.1", "localhost");

    private static final Identity CLIENT = CA.issue("client");

    @TempDir
    Path files;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    /** Writes a PEM bundle, watched for changes, and returns its properties. */
    private String[] bundle(String name, Identity identity, Authority trusted) {
        Path directory = files.resolve(name);
        directory.toFile().mkdirs();
        String prefix = "spring.ssl.bundle.pem." + name + ".";
        List<String> properties = new ArrayList<>(List.of(prefix + "reload-on-update=true",
                "spring.ssl.bundle.watch.file.quiet-period=100ms"));
        if (identity != null) {
            identity.writePem(directory.resolve("cert.pem"), directory.resolve("key.pem"));
            properties.add(prefix + "keystore.certificate=file:" + directory.resolve("cert.pem"));
            properties.add(prefix + "keystore.private-key=file:" + directory.resolve("key.pem"));
        }
        if (trusted != null) {
            TestCertificates.writeAtomically(directory.resolve("ca.pem"), trusted.certificatePem());
            properties.add(prefix + "truststore.certificate=file:" + directory.resolve("ca.pem"));
        }
        return properties.toArray(String[]::new);
    }

    private static String[] and(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }

    private int startServer(String... properties) {
        ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.server.port=0", "rpc.server.address=127.0.0.1",
                        "rpc.server.io-threads=1", "rpc.server.shutdown-grace-period=1s")
                .properties(properties)
                .run();
        running.add(server);
        return server.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
    }

    private ConfigurableApplicationContext startClient(int port, String... properties) {
        ConfigurableApplicationContext client = new SpringApplicationBuilder(ClientApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.client.io-threads=1", "rpc.client.timeout=5s",
                        "rpc.client.services.first.address=127.0.0.1:" + port,
                        "rpc.client.services.second.address=127.0.0.1:" + port)
                .properties(properties)
                .run();
        running.add(client);
        return client;
    }

    private static Callers callers(ConfigurableApplicationContext client) {
        return client.getBean(Callers.class);
    }

    private static void assertNotExecuted(ThrowingCallable call, String... messageParts) {
        assertThatExceptionOfType(RpcException.class).isThrownBy(call).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(ex.getMessage()).contains(messageParts);
        });
    }

    @Test
    void serverAndClientSpeakTlsFromTheirBundles() {
        int port = startServer(and(bundle("server", SERVER, null), "rpc.server.ssl.bundle=server"));
        Callers callers = callers(startClient(port, and(bundle("client", null, CA), "rpc.client.ssl.bundle=client")));

        assertThat(callers.first.greet("tls")).isEqualTo("hello tls");
        try (RpcClient plaintext = RpcClient.create(RpcClientOptions.builder().ioThreads(1).build())) {
            Greeter remote = plaintext.proxy(Greeter.class, ReferenceOptions.to("127.0.0.1:" + port).build());
            assertNotExecuted(() -> remote.greet("plain"), "this server requires TLS");
        }
    }

    @Test
    void clientAuthNeedAcceptsClientsWithACertificateOnly() {
        int port = startServer(and(bundle("server", SERVER, CA), "rpc.server.ssl.bundle=server",
                "rpc.server.ssl.client-auth=need"));
        Callers callers = callers(startClient(port, and(and(bundle("client", CLIENT, CA), bundle("anonymous", null, CA)),
                "rpc.client.ssl.bundle=client", "rpc.client.services.second.ssl.bundle=anonymous")));

        assertThat(callers.first.greet("mtls")).isEqualTo("hello mtls");
        assertNotExecuted(() -> callers.second.greet("anonymous"),
                "the server requires a client certificate (mutual TLS) and this client sent none");
    }

    @Test
    void theBundlesProtocolsAndCiphersApplyToTheServer() {
        String cipher = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        int port = startServer(and(bundle("server", SERVER, null), "rpc.server.ssl.bundle=server",
                "spring.ssl.bundle.pem.server.options.enabled-protocols=TLSv1.2",
                "spring.ssl.bundle.pem.server.options.ciphers=" + cipher));
        Callers callers = callers(startClient(port, and(bundle("client", null, CA), "rpc.client.ssl.bundle=client")));

        TlsProbe probe = TlsProbe.connect(port, CA);

        assertThat(probe.protocol()).isEqualTo("TLSv1.2");
        assertThat(probe.cipherSuite()).isEqualTo(cipher);
        assertThat(callers.first.greet("tls 1.2")).isEqualTo("hello tls 1.2");
    }

    @Test
    void aServiceCanOptOutOfTheClientsTls() {
        int tlsPort = startServer(and(bundle("server", SERVER, null), "rpc.server.ssl.bundle=server"));
        int plaintextPort = startServer();
        Callers callers = callers(startClient(tlsPort, and(bundle("client", null, CA), "rpc.client.ssl.bundle=client",
                "rpc.client.services.second.address=127.0.0.1:" + plaintextPort,
                "rpc.client.services.second.ssl.enabled=false")));

        assertThat(callers.first.greet("tls")).isEqualTo("hello tls");
        assertThat(callers.second.greet("plain")).isEqualTo("hello plain");
    }

    @Test
    void aServiceCanNameWhatTheServersCertificateMustBeValidFor() {
        int port = startServer(and(bundle("server", CA.issue("rpc.example.com"), null), "rpc.server.ssl.bundle=server"));
        Callers callers = callers(startClient(port, and(bundle("client", null, CA), "rpc.client.ssl.bundle=client",
                "rpc.client.services.second.ssl.server-name=rpc.example.com")));

        assertNotExecuted(() -> callers.first.greet("by address"),
                "the server's certificate is not valid for the name '127.0.0.1' (host name verification)");
        assertThat(callers.second.greet("by name")).isEqualTo("hello by name");
    }

    @Test
    void aReloadedServerBundleServesNewConnectionsWhileOpenOnesKeepWorking() {
        Identity renewed = CA.issue("127.0.0.1");
        int port = startServer(and(bundle("server", SERVER, null), "rpc.server.ssl.bundle=server"));
        Callers callers = callers(startClient(port, and(bundle("client", null, CA), "rpc.client.ssl.bundle=client")));
        String connection = callers.first.caller();
        assertThat(TlsProbe.connect(port, CA).serial()).isEqualTo(SERVER.serial());

        renewed.writePem(files.resolve("server/cert.pem"), files.resolve("server/key.pem"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(TlsProbe.connect(port, CA).serial())
                .isEqualTo(renewed.serial()));
        assertThat(callers.first.caller()).isEqualTo(connection);
    }

    @Test
    void aReloadedClientBundlePresentsTheNewCertificateOnNewConnections() {
        Identity renewed = CA.issue("client");
        RecordingTrustManager clientCertificates = new RecordingTrustManager(CA, true);
        TestSslContexts contexts = new TestSslContexts(TestSslContexts.Provider.JDK);
        running.add(contexts);
        RpcServer server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).ioThreads(1)
                .sslContext(contexts.server(SERVER, clientCertificates)).build())
                .export(Greeter.class, new ExportedGreeter())
                .start();
        running.add(server);
        ConfigurableApplicationContext client = startClient(server.port(),
                and(bundle("client", CLIENT, CA), "rpc.client.ssl.bundle=client"));
        String connection = callers(client).first.caller();
        assertThat(clientCertificates.serials).containsExactly(CLIENT.serial());

        renewed.writePem(files.resolve("client/cert.pem"), files.resolve("client/key.pem"));

        RpcClientOptions options = client.getBean(RpcClientOptions.class);
        await().atMost(WAIT).untilAsserted(() -> {
            try (RpcClient newConnections = RpcClient.create(options)) {
                newConnections.proxy(Greeter.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build()).greet("new");
            }
            assertThat(clientCertificates.serials).contains(renewed.serial());
        });
        assertThat(callers(client).first.caller()).isEqualTo(connection);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ServerApplication {

        @Bean
        ExportedGreeter greeter() {
            return new ExportedGreeter();
        }
    }

    @RpcService
    static class ExportedGreeter implements Greeter {

        @Override
        public String greet(String name) {
            return "hello " + name;
        }

        @Override
        public String caller() {
            return String.valueOf(ServerCallContext.current().remoteAddress());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ClientApplication {

        @Bean
        Callers callers() {
            return new Callers();
        }
    }

    /** Two references, so that a test can configure them differently. */
    static class Callers {

        @RpcReference(service = "first")
        Greeter first;

        @RpcReference(service = "second")
        Greeter second;
    }
}
