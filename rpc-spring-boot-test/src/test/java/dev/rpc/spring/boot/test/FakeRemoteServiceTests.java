package dev.rpc.spring.boot.test;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.server.ServerCallContext;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import dev.rpc.spring.boot.test.fixtures.Greeter;
import dev.rpc.spring.boot.test.fixtures.Greeting;
import dev.rpc.spring.boot.test.fixtures.GreetingService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;

/**
 * The second pattern: a client application, which exports nothing, is tested against a {@code @MockitoBean} of the
 * remote service, reached through the in-JVM transport by the application's {@code @RpcReference}.
 */
@SpringBootTest(classes = FakeRemoteServiceTests.ClientApplication.class,
        properties = "rpc.client.services.GreetingService.address=greetings.example.invalid:9090")
@AutoConfigureTestRpcTransport
class FakeRemoteServiceTests {

    @MockitoBean
    private GreetingService greetings;

    @Autowired
    private Greeter greeter;

    @Autowired
    private RpcServerLifecycle lifecycle;

    @Test
    void theApplicationsReferenceCallsTheMockThroughTheTransport() {
        given(this.greetings.greet(anyString())).willAnswer(invocation -> new Greeting("hello "
                + invocation.getArgument(0) + (ServerCallContext.current() != null ? " over RPC" : " in process")));

        assertThat(this.greeter.welcome("ann")).isEqualTo("hello ann over RPC");
        verify(this.greetings).greet("ann");
    }

    @Test
    void theApplicationKeepsTheClientProxyAndTheServerExportsTheMock() {
        assertThat(RpcClient.isProxy(this.greeter.greetings())).isTrue();
        assertThat(RpcClient.isProxy(this.greetings)).isFalse();
        assertThat(this.lifecycle.getServer().services()).extracting(service -> service.name())
                .containsExactly(GreetingService.class.getName());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ClientApplication {

        @Bean
        Greeter greeter() {
            return new Greeter();
        }
    }
}
