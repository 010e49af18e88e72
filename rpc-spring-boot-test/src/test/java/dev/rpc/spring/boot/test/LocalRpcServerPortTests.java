package dev.rpc.spring.boot.test;

import java.time.Duration;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.transport.Transport;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import dev.rpc.spring.boot.test.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.test.fixtures.GreetingService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/** The third pattern: the server listens on a real, free TCP port, which the test is given to call it. */
@SpringBootTest(classes = LocalRpcServerPortTests.ServerApplication.class,
        properties = { "rpc.server.port=0", "rpc.server.address=127.0.0.1" })
class LocalRpcServerPortTests {

    @LocalRpcServerPort
    private int port;

    @Test
    void theTestIsGivenThePortChosenAtStartAndCallsTheServerOverTcp(
            @org.springframework.beans.factory.annotation.Autowired RpcServerLifecycle lifecycle) {
        assertThat(this.port).isPositive().isEqualTo(lifecycle.getServer().port());
        assertThat(lifecycle.getServer().options().transport()).isNotEqualTo(Transport.IN_JVM);

        try (RpcClient client = RpcClient.create(RpcClientOptions.builder().transport(Transport.NIO).ioThreads(1)
                .defaultTimeout(Duration.ofSeconds(10)).build())) {
            GreetingService greetings = client.proxy(GreetingService.class,
                    ReferenceOptions.to("127.0.0.1:" + this.port).build());
            assertThat(greetings.greet("eve").text()).isEqualTo("hello eve over RPC");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ServerApplication {

        @Bean
        DefaultGreetingService greetingService() {
            return new DefaultGreetingService();
        }
    }
}
