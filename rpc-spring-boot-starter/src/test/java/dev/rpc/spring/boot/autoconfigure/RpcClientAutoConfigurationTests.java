package dev.rpc.spring.boot.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.rpc.core.client.CallbackCall;
import dev.rpc.core.client.CallbackListener;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.spring.boot.annotation.EnableRpcClients;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.client.RpcReferenceFactory;
import dev.rpc.spring.boot.client.ServiceAddressResolver;
import dev.rpc.spring.boot.client.SpringCallbackListener;
import dev.rpc.spring.boot.diagnostics.InvalidMethodKeyException;
import dev.rpc.spring.boot.diagnostics.MissingServiceAddressException;
import dev.rpc.spring.boot.fixtures.GenericService;
import dev.rpc.spring.boot.fixtures.GreetingService;
import dev.rpc.spring.boot.fixtures.RefundService;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

class RpcClientAutoConfigurationTests {

    private static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class, RpcServerAutoConfiguration.class))
                .withPropertyValues("rpc.client.io-threads=1");
    }

    @Test
    void shouldProvideClientBeansButCreateTheClientOnlyWhenReferenced() {
        contextRunner().run(context -> {
            assertThat(context).hasNotFailed()
                    .hasSingleBean(RpcReferenceFactory.class)
                    .hasSingleBean(RpcClientOptions.class)
                    .hasSingleBean(SpringCallbackListener.class)
                    .hasSingleBean(ServiceAddressResolver.class);
            assertThat(context.getBeanFactory().containsSingleton("rpcClient")).isFalse();
        });
    }

    @Test
    void shouldBackOffWhenTheUserDefinesTheClient() {
        contextRunner().withUserConfiguration(CustomClientConfiguration.class, FieldReferenceConfiguration.class)
                .withPropertyValues("rpc.client.services.greetings.address=127.0.0.1:9999")
                .run(context -> {
                    assertThat(context).getBeans(RpcClient.class).containsOnlyKeys("customClient");
                    assertThat(context.getBean(RpcClient.class).endpointCount())
                            .as("the reference's connection is the user's client's").isEqualTo(1);
                });
    }

    @Test
    void shouldBindClientProperties() {
        contextRunner().withPropertyValues("rpc.client.timeout=2s", "rpc.client.connect-timeout=750ms",
                "rpc.client.format=smile", "rpc.client.ping-interval=7s", "rpc.client.max-frame-size=2MB",
                "rpc.client.reconnect-backoff=50ms", "rpc.client.max-reconnect-backoff=1s",
                "rpc.client.connections-per-address=4", "rpc.client.write-buffer-high-water-mark=3MB")
                .run(context -> {
                    RpcClientOptions options = context.getBean(RpcClientOptions.class);
                    assertThat(options.defaultTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(options.connectTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(options.format()).isEqualTo(SerializationFormat.SMILE);
                    assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(options.maxFrameSize()).isEqualTo(2 * 1024 * 1024);
                    assertThat(options.reconnectBackoff()).isEqualTo(Duration.ofMillis(50));
                    assertThat(options.maxReconnectBackoff()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(options.ioThreads()).isEqualTo(1);
                    assertThat(options.connectionsPerAddress()).isEqualTo(4);
                    assertThat(options.writeBufferHighWaterMark()).isEqualTo(3 * 1024 * 1024);
                    assertThat(options.callbackListener()).isSameAs(context.getBean(SpringCallbackListener.class));
                });
    }

    @Test
    void shouldUseUserDefinedBeans() {
        contextRunner().withUserConfiguration(CustomClientBeansConfiguration.class, FieldReferenceConfiguration.class)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(SpringCallbackListener.class);
                    assertThat(context.getBean(RpcClientOptions.class).callbackListener())
                            .isSameAs(context.getBean("customListener"));
                    assertThat(context.getBean(FieldReferenceConfiguration.class).greetings.toString())
                            .contains("10.0.0.1:7000");
                });
    }

    @Test
    void shouldInjectOneSharedProxyPerInterfaceAndKey() {
        contextRunner().withUserConfiguration(FieldReferenceConfiguration.class, ConstructorReferenceConfiguration.class)
                .withPropertyValues("rpc.client.services.greetings.address=127.0.0.1:9999",
                        "rpc.client.services.greeting-service.address=127.0.0.1:9999")
                .run(context -> {
                    GreetingService fromField = context.getBean(FieldReferenceConfiguration.class).greetings;
                    ConstructorReferenceConfiguration byConstructor = context.getBean(ConstructorReferenceConfiguration.class);
                    assertThat(fromField).isSameAs(byConstructor.greetings);
                    assertThat(byConstructor.byInterfaceName).isNotSameAs(fromField);
                    assertThat(fromField).isInstanceOf(AopInfrastructureBean.class);
                    assertThat(context.getBean(RpcClient.class).endpointCount()).isEqualTo(1);
                });
    }

    @Test
    void shouldRegisterDeclaredClientsAsBeansLeftAloneByEnableAsync() {
        contextRunner().withUserConfiguration(DeclaredClientsConfiguration.class)
                .withPropertyValues("rpc.client.services.GreetingService.address=127.0.0.1:9999")
                .run(context -> {
                    GreetingService greetings = context.getBean(GreetingService.class);
                    assertThat(AopUtils.isAopProxy(greetings)).isFalse();
                    assertThat(greetings.toString()).contains(GreetingService.class.getName()).contains("127.0.0.1:9999");
                });
    }

    @Test
    void shouldFailWhenAReferenceHasNoAddress() {
        contextRunner().withUserConfiguration(FieldReferenceConfiguration.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(MissingServiceAddressException.class)
                            .rootCause().hasMessageContaining("No address is configured for service 'greetings'")
                            .hasMessageContaining(FieldReferenceConfiguration.class.getName() + ".greetings");
                    FailureAnalysis analysis = RpcServerAutoConfigurationTests.analyze(context.getStartupFailure());
                    assertThat(analysis.getAction()).contains("rpc.client.services.greetings.address");
                });
    }

    @Test
    void shouldFailWhenAReferencedInterfaceCannotBeRemote() {
        contextRunner().withUserConfiguration(GenericReferenceConfiguration.class)
                .withPropertyValues("rpc.client.services.GenericService.address=127.0.0.1:9999")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = RpcServerAutoConfigurationTests.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("echo(java.lang.Object)")
                            .contains(GenericReferenceConfiguration.class.getName() + ".generic");
                });
    }

    @Test
    void shouldFailWhenAReferencedMethodDeclaresAnExceptionTheCallerCannotRebuild() {
        contextRunner().withUserConfiguration(RefundReferenceConfiguration.class)
                .withPropertyValues("rpc.client.services.RefundService.address=127.0.0.1:9999")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = RpcServerAutoConfigurationTests.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains(RefundService.class.getName())
                            .contains(RefundReferenceConfiguration.class.getName() + ".refunds")
                            .contains("declares " + RefundService.RefundRefusedException.class.getName());
                });
    }

    @Test
    void shouldFailWhenAMethodTimeoutNamesNoMethod() {
        contextRunner().withUserConfiguration(FieldReferenceConfiguration.class)
                .withPropertyValues("rpc.client.services.greetings.address=127.0.0.1:9999",
                        "rpc.client.services.greetings.methods.gret.timeout=1s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(InvalidMethodKeyException.class)
                            .rootCause()
                            .hasMessageContaining("The method key 'gret' under 'rpc.client.services.greetings.methods' "
                                    + "names no method of " + GreetingService.class.getName())
                            .hasMessageContaining("greet(java.lang.String)");
                    FailureAnalysis analysis = RpcServerAutoConfigurationTests.analyze(context.getStartupFailure());
                    assertThat(analysis.getAction()).contains("rpc.client.services.greetings.methods[greet(java.lang.String)]");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class FieldReferenceConfiguration {

        @RpcReference(service = "greetings")
        GreetingService greetings;
    }

    @Configuration(proxyBeanMethods = false)
    static class ConstructorReferenceConfiguration {

        final GreetingService greetings;

        final GreetingService byInterfaceName;

        ConstructorReferenceConfiguration(@RpcReference(service = "greetings") GreetingService greetings,
                @RpcReference GreetingService byInterfaceName) {
            this.greetings = greetings;
            this.byInterfaceName = byInterfaceName;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    @EnableRpcClients(clients = GreetingService.class)
    static class DeclaredClientsConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    static class GenericReferenceConfiguration {

        @RpcReference
        GenericService generic;
    }

    @Configuration(proxyBeanMethods = false)
    static class RefundReferenceConfiguration {

        @RpcReference
        RefundService refunds;
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomClientConfiguration {

        @Bean
        RpcClient customClient() {
            return RpcClient.create(RpcClientOptions.builder().ioThreads(1).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomClientBeansConfiguration {

        @Bean
        CallbackListener customListener() {
            return (CallbackCall call, Throwable failure) -> {
            };
        }

        @Bean
        ServiceAddressResolver fixedAddress() {
            return (key, type) -> InetSocketAddress.createUnresolved("10.0.0.1", 7000);
        }
    }
}
