package dev.rpc.spring.boot.test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.rpc.core.client.RpcClient;
import dev.rpc.spring.boot.annotation.EnableRpcClients;
import dev.rpc.spring.boot.test.fixtures.Greeting;
import dev.rpc.spring.boot.test.fixtures.GreetingService;
import dev.rpc.spring.boot.test.fixtures.Pet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second pattern where the client is a bean of the interface ({@code @EnableRpcClients}): a test {@code @Bean}
 * of the same interface fakes the server, and injection by type stays unambiguous, giving the application the
 * client proxy.
 */
@SpringBootTest(classes = { FakeRemoteServiceWithClientBeanTests.ClientApplication.class,
        FakeRemoteServiceWithClientBeanTests.FakeServer.class })
@AutoConfigureTestRpcTransport
class FakeRemoteServiceWithClientBeanTests {

    @Autowired
    private Checkout checkout;

    @Autowired
    @Qualifier("fakeGreetings")
    private RecordingGreetings fake;

    @Test
    void theApplicationGetsTheClientBeanByTypeAndItsCallsReachTheFake() {
        assertThat(RpcClient.isProxy(this.checkout.greetings)).isTrue();

        assertThat(this.checkout.thank("ann")).isEqualTo("thanks, ann");
        assertThat(this.fake.names).containsExactly("ann");
    }

    /** The application's code: takes its client by type, through its constructor. */
    static class Checkout {

        final GreetingService greetings;

        Checkout(GreetingService greetings) {
            this.greetings = greetings;
        }

        String thank(String name) {
            return this.greetings.greet(name).text();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableRpcClients(clients = GreetingService.class)
    static class ClientApplication {

        @Bean
        Checkout checkout(GreetingService greetings) {
            return new Checkout(greetings);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FakeServer {

        @Bean
        RecordingGreetings fakeGreetings() {
            return new RecordingGreetings();
        }
    }

    /** A hand-written fake of the remote service. */
    static class RecordingGreetings implements GreetingService {

        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public Greeting greet(String name) {
            this.names.add(name);
            return new Greeting("thanks, " + name);
        }

        @Override
        public CompletableFuture<Greeting> greetLater(String name) {
            return CompletableFuture.completedFuture(greet(name));
        }

        @Override
        public void remember(String name) {
        }

        @Override
        public Pet adopt() {
            return null;
        }
    }
}
