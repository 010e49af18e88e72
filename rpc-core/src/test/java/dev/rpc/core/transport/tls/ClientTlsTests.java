package dev.rpc.core.transport.tls;

import java.net.InetSocketAddress;

import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.transport.tls.TestCertificates.Authority;
import dev.rpc.core.transport.tls.TestSslContexts.Provider;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** TLS settings: what makes two equal (and so share connections), the expected name, and misuse refused up front. */
class ClientTlsTests {

    private static final Authority CA = TestCertificates.authority("test CA");

    private final TestSslContexts contexts = new TestSslContexts(Provider.JDK);

    @AfterEach
    void release() {
        contexts.close();
    }

    @Test
    void settingsOfTheSameContextAndNameAreEqual() {
        SslContext context = contexts.client(CA);

        assertThat(ClientTls.of(context)).isEqualTo(ClientTls.of(context));
        assertThat(ClientTls.of(context).withServerName("a")).isEqualTo(ClientTls.of(context).withServerName("a"))
                .isNotEqualTo(ClientTls.of(context).withServerName("b"));
        assertThat(ClientTls.of(context)).isNotEqualTo(ClientTls.of(contexts.client(CA)));
    }

    @Test
    void theExpectedNameIsTheHostConnectedToUnlessSet() {
        InetSocketAddress address = InetSocketAddress.createUnresolved("10.0.0.7", 9090);
        ClientTls tls = ClientTls.of(contexts.client(CA));

        assertThat(tls.expectedName(address)).isEqualTo("10.0.0.7");
        assertThat(tls.withServerName("inventory.internal").expectedName(address)).isEqualTo("inventory.internal");
    }

    @Test
    void plaintextCannotExpectAServerName() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientTls.PLAINTEXT.withServerName("inventory.internal"))
                .withMessage("a server name ('inventory.internal') needs TLS: give an SslContext too");
    }

    @Test
    void aServerContextIsRefusedForTheClientAndTheOtherWayRound() {
        SslContext server = contexts.server(CA.issue("127.0.0.1"));
        SslContext client = contexts.client(CA);

        assertThatIllegalArgumentException().isThrownBy(() -> ClientTls.of(server))
                .withMessageContaining("the SslContext is a server context");
        assertThatIllegalArgumentException().isThrownBy(() -> RpcClientOptions.builder().sslContext(server))
                .withMessageContaining("the SslContext is a server context");
        assertThatIllegalArgumentException().isThrownBy(() -> RpcServerOptions.builder().sslContext(client))
                .withMessageContaining("the SslContext is a client context");
    }

    @Test
    void clientOptionsArePlaintextByDefault() {
        assertThat(RpcClientOptions.builder().build().tls()).isEqualTo(ClientTls.PLAINTEXT);
        assertThat(RpcServerOptions.builder().build().sslContext()).isNull();
    }
}
