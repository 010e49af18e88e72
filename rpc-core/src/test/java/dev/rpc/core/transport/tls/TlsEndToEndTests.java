package dev.rpc.core.transport.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.transport.tls.TestCertificates.Authority;
import dev.rpc.core.transport.tls.TestCertificates.Identity;
import dev.rpc.core.transport.tls.TestSslContexts.Provider;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TLS between a real client and server on 127.0.0.1, with certificates made for each run, on the JDK's TLS and on
 * OpenSSL: calls succeed with TLS and mutual TLS; each misconfiguration ends the connection attempt with a message
 * that names TLS and the likely cause on both sides, and fails the calls {@code UNAVAILABLE}, not executed; a
 * reloaded certificate is used by new connections while open ones keep working.
 */
class TlsEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static final Authority CA = TestCertificates.authority("test CA");

    private static final Authority OTHER_CA = TestCertificates.authority("other CA");

    private static final Identity SERVER = CA.issue("127.0.0.1", "localhost");

    private static final Identity CLIENT = CA.issue("client");

    private final CountingGreeter greeter = new CountingGreeter();

    private final List<RpcClient> clients = new ArrayList<>();

    private final List<RpcServer> servers = new ArrayList<>();

    private final List<AutoCloseable> closeLast = new ArrayList<>();

    private TestSslContexts contexts;

    private LogCapture serverLog;

    @BeforeEach
    void captureLogs() {
        serverLog = new LogCapture("dev.rpc.core");
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(RpcClient::close);
        servers.forEach(server -> server.shutdown(Duration.ofSeconds(1)));
        if (contexts != null) {
            contexts.close();
        }
        for (AutoCloseable closeable : closeLast) {
            closeable.close();
        }
        serverLog.close();
    }

    private void use(Provider provider) {
        assumeTrue(provider.isAvailable(), "netty-tcnative does not load here");
        contexts = new TestSslContexts(provider);
    }

    private RpcServer server(SslContext sslContext) {
        return server(RpcServerOptions.builder().sslContext(sslContext));
    }

    private RpcServer server(RpcServerOptions.Builder options) {
        RpcServer server = RpcServer.create(options.bindAddress("127.0.0.1").port(0).ioThreads(1).build())
                .export(Greeter.class, greeter)
                .start();
        servers.add(server);
        return server;
    }

    private RpcClient client(ClientTls tls) {
        RpcClient client = RpcClient.create(RpcClientOptions.builder()
                .tls(tls)
                .ioThreads(1)
                .connectTimeout(Duration.ofSeconds(5))
                .build());
        clients.add(client);
        return client;
    }

    private static Greeter greeter(RpcClient client, RpcServer server) {
        return client.proxy(Greeter.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
    }

    private void assertNotExecuted(ThrowingCallable call, String... messageParts) {
        assertThatExceptionOfType(RpcException.class).isThrownBy(call).satisfies(ex -> {
            assertThat(ex.status()).isEqualTo(RpcStatus.UNAVAILABLE);
            assertThat(ex.executionState()).isEqualTo(ExecutionState.NOT_EXECUTED);
            assertThat(ex.getMessage()).contains(messageParts);
        });
        assertThat(greeter.executions).hasValue(0);
    }

    private void awaitServerLog(String... parts) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(serverLog.messages())
                .anySatisfy(message -> assertThat(message).contains(parts)));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void callsSucceedOverTls(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(SERVER));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA))), server);

        assertThat(remote.greet("tls")).isEqualTo("hello tls");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void callsSucceedOverMutualTls(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(SERVER, CA, ClientAuth.REQUIRE));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA, CLIENT))), server);

        assertThat(remote.greet("mtls")).isEqualTo("hello mtls");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void wantAcceptsClientsWithoutCertificate(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(SERVER, CA, ClientAuth.OPTIONAL));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA))), server);

        assertThat(remote.greet("anonymous")).isEqualTo("hello anonymous");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void plaintextClientIsToldThatTheServerRequiresTls(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(SERVER));

        Greeter remote = greeter(client(ClientTls.PLAINTEXT), server);

        assertNotExecuted(() -> remote.greet("plain"), "this server requires TLS and the client connected in plaintext");
        awaitServerLog("Refused a plaintext connection", "this server requires TLS, and the client is configured for plaintext");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tlsClientOfAPlaintextServerIsToldThatTheServerIsNotConfiguredForTls(Provider provider) {
        use(provider);
        RpcServer server = server(RpcServerOptions.builder());

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA))), server);

        assertNotExecuted(() -> remote.greet("tls"), "TLS handshake with 127.0.0.1:" + server.port() + " failed",
                "the server answered in plaintext; it is probably not configured for TLS");
        awaitServerLog("the bytes look like TLS: one side uses TLS and the other does not");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void unreachableServerFailsAsWithoutTls(Provider provider) throws IOException {
        use(provider);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RpcClient client = client(ClientTls.of(contexts.client(CA)));
        Greeter remote = client.proxy(Greeter.class, ReferenceOptions.to("127.0.0.1:" + closedPort).build());

        assertNotExecuted(() -> remote.greet("tls"), "cannot connect to 127.0.0.1:" + closedPort);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void silentServerFailsTheHandshakeInsteadOfHanging(Provider provider) throws IOException {
        use(provider);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RpcClient client = RpcClient.create(RpcClientOptions.builder()
                    .tls(ClientTls.of(contexts.client(CA)))
                    .ioThreads(1)
                    .connectTimeout(Duration.ofMillis(200))
                    .build());
            clients.add(client);
            Greeter remote = client.proxy(Greeter.class, ReferenceOptions.to("127.0.0.1:" + silent.getLocalPort()).build());

            assertNotExecuted(() -> remote.greet("tls"), "TLS handshake with 127.0.0.1:" + silent.getLocalPort()
                    + " failed: it did not complete in time; the server may not speak TLS");
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void serverCertificateFromAnUntrustedCaFails(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(OTHER_CA.issue("127.0.0.1")));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA))), server);

        assertNotExecuted(() -> remote.greet("tls"), "TLS handshake with 127.0.0.1:" + server.port() + " failed",
                "the server's certificate is not trusted (wrong CA?)");
        awaitServerLog("TLS handshake with client", "does not accept this server's certificate");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void expiredServerCertificateFails(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(CA.issueExpired("127.0.0.1")));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA))), server);

        assertNotExecuted(() -> remote.greet("tls"), "TLS handshake with 127.0.0.1:" + server.port() + " failed",
                "the server's certificate has expired");
        awaitServerLog("TLS handshake with client", "does not accept this server's certificate");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void serverCertificateForAnotherNameFailsHostNameVerification(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(CA.issue("rpc.example.com")));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA))), server);

        assertNotExecuted(() -> remote.greet("tls"), "TLS handshake with 127.0.0.1:" + server.port() + " failed",
                "the server's certificate is not valid for the name '127.0.0.1' (host name verification)",
                "ClientTls.withServerName");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void expectedServerNameCanBeSet(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(CA.issue("rpc.example.com")));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA)).withServerName("rpc.example.com")), server);

        assertThat(remote.greet("by name")).isEqualTo("hello by name");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void requiredClientCertificateMissingFailsOnBothSides(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(SERVER, CA, ClientAuth.REQUIRE));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA))), server);

        assertNotExecuted(() -> remote.greet("tls"), "TLS handshake with 127.0.0.1:" + server.port() + " failed",
                "the server requires a client certificate (mutual TLS) and this client sent none");
        awaitServerLog("TLS handshake with client", "the client sent no certificate", "this server requires one");
    }

    /** The server names the CAs it accepts, so a client holding a certificate of another one sends none. */
    @ParameterizedTest
    @EnumSource(Provider.class)
    void clientCertificateFromACaTheServerDoesNotNameIsNotSent(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(SERVER, CA, ClientAuth.REQUIRE));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA, OTHER_CA.issue("client")))), server);

        assertNotExecuted(() -> remote.greet("tls"), "TLS handshake with 127.0.0.1:" + server.port() + " failed",
                "this client sent none: it has no key and certificate, or none issued by a CA the server accepts");
        awaitServerLog("TLS handshake with client", "the client sent no certificate (it has none, or none issued by a "
                + "CA this server trusts)");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void clientCertificateTheServerDoesNotTrustIsRefusedOnBothSides(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(SERVER, new RecordingTrustManager(CA, false)));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA, OTHER_CA.issue("client")))), server);

        assertNotExecuted(() -> remote.greet("tls"), "TLS handshake with 127.0.0.1:" + server.port() + " failed",
                "the server did not accept this client's certificate");
        awaitServerLog("TLS handshake with client", "the client's certificate is not trusted (wrong CA?)");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void expiredClientCertificateIsRefusedOnBothSides(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(SERVER, CA, ClientAuth.REQUIRE));

        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA, CA.issueExpired("client")))), server);

        assertNotExecuted(() -> remote.greet("tls"), "TLS handshake with 127.0.0.1:" + server.port() + " failed",
                "the server did not accept this client's certificate");
        awaitServerLog("TLS handshake with client", "the client's certificate has expired");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void referenceCanOptOutOfTheClientsTls(Provider provider) {
        use(provider);
        RpcServer tlsServer = server(contexts.server(SERVER));
        RpcServer plaintextServer = server(RpcServerOptions.builder());
        RpcClient client = client(ClientTls.of(contexts.client(CA)));

        Greeter secured = greeter(client, tlsServer);
        Greeter plain = client.proxy(Greeter.class, ReferenceOptions.to("127.0.0.1:" + plaintextServer.port())
                .tls(ClientTls.PLAINTEXT).build());

        assertThat(secured.greet("tls")).isEqualTo("hello tls");
        assertThat(plain.greet("plain")).isEqualTo("hello plain");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void referencesWithOtherTlsSettingsHaveConnectionsOfTheirOwn(Provider provider) {
        use(provider);
        RpcServer server = server(contexts.server(CA.issue("127.0.0.1", "rpc.example.com")));
        ClientTls tls = ClientTls.of(contexts.client(CA));
        RpcClient client = client(tls);

        Greeter byAddress = greeter(client, server);
        Greeter sameSettings = client.proxy(Greeter.class, ReferenceOptions.to("127.0.0.1:" + server.port())
                .tls(tls).build());
        Greeter byName = client.proxy(Greeter.class, ReferenceOptions.to("127.0.0.1:" + server.port())
                .tls(tls.withServerName("rpc.example.com")).build());

        assertThat(byAddress.caller()).isEqualTo(sameSettings.caller()).isNotEqualTo(byName.caller());
        assertThat(client.endpointCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void reloadedServerCertificateServesNewConnectionsWhileOpenOnesKeepWorking(Provider provider) {
        use(provider);
        Identity renewed = CA.issue("127.0.0.1");
        ReloadableSslContext serverContext = new ReloadableSslContext(contexts.unowned(contexts.server(SERVER)));
        closeLast.add(serverContext);
        RpcServer server = server(RpcServerOptions.builder().sslContext(serverContext));
        Greeter remote = greeter(client(ClientTls.of(contexts.client(CA))), server);
        String connection = remote.caller();
        assertThat(TlsProbe.connect(server.port(), CA).serial()).isEqualTo(SERVER.serial());

        serverContext.update(contexts.unowned(contexts.server(renewed)));

        assertThat(TlsProbe.connect(server.port(), CA).serial()).isEqualTo(renewed.serial());
        assertThat(remote.caller()).isEqualTo(connection);
        assertThat(greeter(client(ClientTls.of(contexts.client(CA))), server).greet("new")).isEqualTo("hello new");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void reloadedClientCertificateIsPresentedByNewConnections(Provider provider) {
        use(provider);
        Identity renewed = CA.issue("client");
        RecordingTrustManager clientCertificates = new RecordingTrustManager(CA, true);
        RpcServer server = server(contexts.server(SERVER, clientCertificates));
        ReloadableSslContext clientContext = new ReloadableSslContext(contexts.unowned(contexts.client(CA, CLIENT)));
        ClientTls tls = ClientTls.of(clientContext);
        Greeter first = greeter(client(tls), server);
        String connection = first.caller();
        assertThat(clientCertificates.serials).containsExactly(CLIENT.serial());

        clientContext.update(contexts.unowned(contexts.client(CA, renewed)));
        Greeter second = greeter(client(tls), server);

        assertThat(second.greet("renewed")).isEqualTo("hello renewed");
        assertThat(clientCertificates.serials).containsExactlyInAnyOrder(CLIENT.serial(), renewed.serial());
        assertThat(first.caller()).isEqualTo(connection);
        closeLast.add(clientContext);
    }
}
