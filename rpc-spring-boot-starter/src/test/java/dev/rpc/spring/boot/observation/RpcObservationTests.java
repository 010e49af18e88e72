package dev.rpc.spring.boot.observation;


import dev.rpc.core.context.CallContext;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.fixtures.Gate;
import dev.rpc.spring.boot.fixtures.GreetingException;
import dev.rpc.spring.boot.fixtures.GreetingService;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A server and a client application, each with a {@link TestObservationRegistry}: one observation per call on each
 * side, in all three modes, with the keys of the default conventions, the failure's status, and a convention bean
 * replacing the default one.
 */
class RpcObservationTests {

    private static final String SERVICE = GreetingService.class.getName();

    private static ConfigurableApplicationContext server;

    private static ConfigurableApplicationContext client;

    private static TestObservationRegistry serverObservations;

    private static TestObservationRegistry clientObservations;

    private static GreetingService greetings;

    private ConfigurableApplicationContext otherClient;

    @BeforeAll
    static void start() {
        server = new SpringApplicationBuilder(ServerApplication.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.server.port=0", "rpc.server.address=127.0.0.1",
                        "rpc.server.io-threads=1")
                .run();
        client = startClient(ClientApplication.class);
        serverObservations = server.getBean(TestObservationRegistry.class);
        clientObservations = client.getBean(TestObservationRegistry.class);
        greetings = client.getBean(Caller.class).greetings;
    }

    private static ConfigurableApplicationContext startClient(Class<?> application, String... properties) {
        int port = server.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "rpc.client.io-threads=1",
                        "rpc.client.services.GreetingService.address=127.0.0.1:" + port)
                .properties(properties)
                .run();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void clearObservations() {
        serverObservations.clear();
        clientObservations.clear();
    }

    @AfterEach
    void resetGate() {
        server.getBean(Gate.class).reset();
        if (otherClient != null) {
            otherClient.close();
        }
    }

    @Test
    void responseModeCallIsObservedOnTheClientWithItsMethodModeStatusAndServer() {
        greetings.greet("Ada");

        await().untilAsserted(() -> assertThat(clientObservations).hasNumberOfObservationsEqualTo(1)
                .hasObservationWithNameEqualTo("rpc.client").that()
                .hasBeenStopped()
                .hasContextualNameEqualTo(SERVICE + "/greet")
                .hasLowCardinalityKeyValue("rpc.system", "dev_rpc")
                .hasLowCardinalityKeyValue("rpc.service", SERVICE)
                .hasLowCardinalityKeyValue("rpc.method", "greet")
                .hasLowCardinalityKeyValue("rpc.dev_rpc.call_mode", "response")
                .hasLowCardinalityKeyValue("rpc.response.status_code", "OK")
                .hasLowCardinalityKeyValue("error.type", "none")
                .hasHighCardinalityKeyValue("server.address", "127.0.0.1")
                .hasHighCardinalityKeyValue("server.port", Integer.toString(port()))
                .doesNotHaveError());
    }

    @Test
    void responseModeCallIsObservedOnTheServerWithTheCallersAddress() {
        greetings.greet("Ada");

        await().untilAsserted(() -> assertThat(serverObservations).hasNumberOfObservationsEqualTo(1)
                .hasObservationWithNameEqualTo("rpc.server").that()
                .hasBeenStopped()
                .hasContextualNameEqualTo(SERVICE + "/greet")
                .hasLowCardinalityKeyValue("rpc.system", "dev_rpc")
                .hasLowCardinalityKeyValue("rpc.service", SERVICE)
                .hasLowCardinalityKeyValue("rpc.method", "greet")
                .hasLowCardinalityKeyValue("rpc.dev_rpc.call_mode", "response")
                .hasLowCardinalityKeyValue("rpc.response.status_code", "OK")
                .hasHighCardinalityKeyValue("network.peer.address", "127.0.0.1"));
    }

    @Test
    void futureModeCallIsObservedOnBothSides() {
        greetings.greetLater("Ada").join();

        await().untilAsserted(() -> assertThat(clientObservations).hasObservationWithNameEqualTo("rpc.client").that()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("rpc.method", "greetLater")
                .hasLowCardinalityKeyValue("rpc.dev_rpc.call_mode", "future")
                .hasLowCardinalityKeyValue("rpc.response.status_code", "OK"));
        await().untilAsserted(() -> assertThat(serverObservations).hasObservationWithNameEqualTo("rpc.server").that()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("rpc.method", "greetLater")
                .hasLowCardinalityKeyValue("rpc.response.status_code", "OK"));
    }

    @Test
    void callbackModeCallIsObservedUntilItsAcknowledgement() {
        Gate gate = server.getBean(Gate.class);

        greetings.recordAfterGate("late");

        await().until(() -> gate.waiting() == 1);
        assertThat(clientObservations).hasObservationWithNameEqualTo("rpc.client").that()
                .hasBeenStarted()
                .isNotStopped()
                .hasLowCardinalityKeyValue("rpc.dev_rpc.call_mode", "callback");
        assertThat(serverObservations).hasObservationWithNameEqualTo("rpc.server").that()
                .isNotStopped()
                .hasLowCardinalityKeyValue("rpc.dev_rpc.call_mode", "callback");
        gate.open();
        await().untilAsserted(() -> assertThat(clientObservations).hasObservationWithNameEqualTo("rpc.client").that()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("rpc.response.status_code", "OK"));
        await().untilAsserted(() -> assertThat(serverObservations).hasObservationWithNameEqualTo("rpc.server").that()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("rpc.response.status_code", "OK"));
    }

    @Test
    void callbackModeFailureEndsTheObservationWithTheFailure() {
        greetings.record("boom");

        await().untilAsserted(() -> assertThat(clientObservations).hasObservationWithNameEqualTo("rpc.client").that()
                .hasBeenStopped()
                .hasError()
                .hasLowCardinalityKeyValue("rpc.dev_rpc.call_mode", "callback")
                .hasLowCardinalityKeyValue("rpc.response.status_code", "APPLICATION_ERROR")
                .hasLowCardinalityKeyValue("error.type", "APPLICATION_ERROR"));
        await().untilAsserted(() -> assertThat(serverObservations).hasObservationWithNameEqualTo("rpc.server").that()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("rpc.response.status_code", "APPLICATION_ERROR")
                .hasLowCardinalityKeyValue("error.type", IllegalStateException.class.getName()));
    }

    @Test
    void declaredExceptionIsAnApplicationErrorNamedByItsClass() {
        assertThatExceptionOfType(GreetingException.class).isThrownBy(() -> greetings.refuse("Bob"));

        await().untilAsserted(() -> assertThat(clientObservations).hasObservationWithNameEqualTo("rpc.client").that()
                .hasBeenStopped()
                .hasError()
                .hasLowCardinalityKeyValue("rpc.response.status_code", "APPLICATION_ERROR")
                .hasLowCardinalityKeyValue("error.type", GreetingException.class.getName()));
        await().untilAsserted(() -> assertThat(serverObservations).hasObservationWithNameEqualTo("rpc.server").that()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("error.type", GreetingException.class.getName()));
    }

    @Test
    void deadlineExceededIsTheClientsStatus() {
        assertThatExceptionOfType(RpcException.class)
                .isThrownBy(() -> CallContext.ROOT.withDeadlineAfter(java.time.Duration.ofMillis(200))
                        .call(() -> greetings.waitForGate("slow")))
                .satisfies(ex -> org.assertj.core.api.Assertions.assertThat(ex.status())
                        .isEqualTo(RpcStatus.DEADLINE_EXCEEDED));

        await().untilAsserted(() -> assertThat(clientObservations).hasObservationWithNameEqualTo("rpc.client").that()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("rpc.response.status_code", "DEADLINE_EXCEEDED")
                .hasLowCardinalityKeyValue("error.type", "DEADLINE_EXCEEDED"));
        server.getBean(Gate.class).open();
        await().untilAsserted(() -> assertThat(serverObservations).hasObservationWithNameEqualTo("rpc.server").that()
                .hasBeenStopped());
    }

    @Test
    void callRefusedByAnotherServerInterceptorIsObservedWithItsStatus() throws Exception {
        assertThatExceptionOfType(RpcException.class)
                .isThrownBy(() -> CallContext.with("deny", "yes").call(() -> greetings.greet("Eve")));

        await().untilAsserted(() -> assertThat(serverObservations).hasObservationWithNameEqualTo("rpc.server").that()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("rpc.response.status_code", "PERMISSION_DENIED")
                .hasLowCardinalityKeyValue("error.type", "PERMISSION_DENIED"));
        await().untilAsserted(() -> assertThat(clientObservations).hasObservationWithNameEqualTo("rpc.client").that()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("rpc.response.status_code", "PERMISSION_DENIED"));
    }

    @Test
    void aConventionBeanNamesTheClientsObservationsAndAddsKeys() {
        otherClient = startClient(CustomConventionClientApplication.class);
        TestObservationRegistry observations = otherClient.getBean(TestObservationRegistry.class);

        otherClient.getBean(Caller.class).greetings.greet("Ada");

        await().untilAsserted(() -> assertThat(observations).hasNumberOfObservationsEqualTo(1)
                .hasObservationWithNameEqualTo("shop.remote.calls").that()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("rpc.method", "greet")
                .hasLowCardinalityKeyValue("shop.team", "checkout"));
    }

    private static int port() {
        return server.getEnvironment().getRequiredProperty(RpcServerLifecycle.PORT_PROPERTY, Integer.class);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ServerApplication {

        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }

        @Bean
        Gate gate() {
            return new Gate();
        }

        @Bean
        DefaultGreetingService greetingService(Gate gate) {
            return new DefaultGreetingService(gate);
        }

        @Bean
        @Order(1)
        ServerInterceptor denier() {
            return (call, next) -> {
                if (call.metadata().containsKey("deny")) {
                    throw new RpcException(RpcStatus.PERMISSION_DENIED, "denied");
                }
                return next.proceed(call);
            };
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ClientApplication {

        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }

        @Bean
        Caller caller() {
            return new Caller();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class CustomConventionClientApplication extends ClientApplication {

        @Bean
        RpcClientObservationConvention shopConvention() {
            return new DefaultRpcClientObservationConvention() {

                @Override
                public String getName() {
                    return "shop.remote.calls";
                }

                @Override
                public KeyValues getLowCardinalityKeyValues(RpcClientObservationContext context) {
                    return super.getLowCardinalityKeyValues(context).and("shop.team", "checkout");
                }
            };
        }
    }

    static class Caller {

        @RpcReference
        GreetingService greetings;
    }

}
