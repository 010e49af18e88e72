package dev.rpc.spring.boot.test;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.server.ServerCallContext;
import dev.rpc.spring.boot.test.FakeRemoteServiceWithClientBeanTests.Checkout;
import dev.rpc.spring.boot.test.FakeRemoteServiceWithClientBeanTests.ClientApplication;
import dev.rpc.spring.boot.test.fixtures.Greeting;
import dev.rpc.spring.boot.test.fixtures.GreetingService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;

/**
 * The second pattern with {@code @EnableRpcClients} and a named {@code @MockitoBean}: the mock is added beside the
 * client bean, not in its place, so the application keeps the client proxy and its calls cross the transport.
 */
@SpringBootTest(classes = ClientApplication.class)
@AutoConfigureTestRpcTransport
class NamedMockWithClientBeanTests {

    @MockitoBean(name = "greetingServer")
    private GreetingService greetings;

    @Autowired
    private Checkout checkout;

    @Test
    void theApplicationKeepsTheClientBeanAndItsCallsReachTheMockOverTheTransport() {
        given(this.greetings.greet(anyString())).willAnswer(invocation -> new Greeting(
                ServerCallContext.current() != null ? "over RPC" : "in process"));

        assertThat(RpcClient.isProxy(this.checkout.greetings)).isTrue();
        assertThat(this.checkout.thank("ann")).isEqualTo("over RPC");
    }
}
