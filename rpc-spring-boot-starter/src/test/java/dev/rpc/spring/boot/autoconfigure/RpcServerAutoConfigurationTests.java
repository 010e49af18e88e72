package dev.rpc.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerBindException;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.diagnostics.DuplicateRpcServiceException;
import dev.rpc.spring.boot.diagnostics.RpcInterfaceException;
import dev.rpc.spring.boot.fixtures.DefaultGreetingService;
import dev.rpc.spring.boot.fixtures.Gate;
import dev.rpc.spring.boot.fixtures.GenericService;
import dev.rpc.spring.boot.fixtures.GreetingService;
import dev.rpc.spring.boot.fixtures.RefundService;
import dev.rpc.spring.boot.server.RpcServerCustomizer;
import dev.rpc.spring.boot.server.RpcServerFactory;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import dev.rpc.spring.boot.server.RpcServerStartedEvent;
import dev.rpc.spring.boot.server.RpcServiceCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RpcServerAutoConfigurationTests {

    private static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcServerAutoConfiguration.class, RpcClientAutoConfiguration.class))
                .withPropertyValues("rpc.server.port=0", "rpc.server.address=127.0.0.1", "rpc.server.io-threads=1");
    }

    @Test
    void shouldNotCreateServerWithoutRpcService() {
        contextRunner().run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(RpcServerLifecycle.class)
                .doesNotHaveBean(RpcServerFactory.class));
    }

    @Test
    void shouldStartServerOnFreePortAndPublishIt() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class, PortListenerConfiguration.class)
                .run(context -> {
                    RpcServerLifecycle lifecycle = context.getBean(RpcServerLifecycle.class);
                    assertThat(lifecycle.isRunning()).isTrue();
                    int port = lifecycle.getServer().port();
                    assertThat(port).isPositive();
                    assertThat(context.getEnvironment().getProperty("local.rpc.server.port", Integer.class)).isEqualTo(port);
                    assertThat(context.getBean(PortListenerConfiguration.class).ports).containsExactly(port);
                    assertThat(lifecycle.getServer().services()).extracting(service -> service.name())
                            .containsExactly(GreetingService.class.getName());
                });
    }

    @Test
    void shouldKeepTheJvmAliveWhileTheServerRuns() {
        AtomicReference<Thread> keepAlive = new AtomicReference<>();
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class).run(context -> {
            keepAlive.set(Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals(RpcServerLifecycle.KEEP_ALIVE_THREAD) && thread.isAlive())
                    .findFirst().orElseThrow());
            assertThat(keepAlive.get().isDaemon()).isFalse();
        });
        await().until(() -> !keepAlive.get().isAlive());
    }

    @Test
    void shouldNotStartServerWhenDisabled() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class)
                .withPropertyValues("rpc.server.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RpcServerLifecycle.class));
    }

    @Test
    void shouldBackOffWhenTheUserDefinesTheLifecycle() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class, CustomLifecycleConfiguration.class)
                .run(context -> {
                    assertThat(context).getBeans(RpcServerLifecycle.class).containsOnlyKeys("customLifecycle");
                    assertThat(context.getBean(RpcServerLifecycle.class).isRunning()).isTrue();
                });
    }

    @Test
    void shouldUseUserDefinedBeans() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class, CustomServerBeansConfiguration.class)
                .run(context -> {
                    assertThat(context).getBean(RpcServiceCollector.class).isSameAs(context.getBean("customCollector"));
                    assertThat(context).getBean(RpcServerFactory.class).isSameAs(context.getBean("customFactory"));
                });
    }

    @Test
    void shouldApplyTheFlowControlProperties() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class)
                .withPropertyValues("rpc.server.write-buffer-high-water-mark=256KB",
                        "rpc.server.max-concurrent-calls-per-connection=12")
                .run(context -> {
                    RpcServer server = context.getBean(RpcServerLifecycle.class).getServer();
                    assertThat(server.options().writeBufferHighWaterMark()).isEqualTo(256 * 1024);
                    assertThat(server.options().maxConcurrentCallsPerConnection()).isEqualTo(12);
                });
    }

    @Test
    void shouldApplyPropertiesAndThenCustomizers() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class, CustomizerConfiguration.class)
                .withPropertyValues("rpc.server.idle-timeout=42s", "rpc.server.max-frame-size=64KB",
                        "rpc.server.shutdown-grace-period=3s")
                .run(context -> {
                    RpcServer server = context.getBean(RpcServerLifecycle.class).getServer();
                    assertThat(server.options().idleTimeout()).as("set by both: the customizer wins")
                            .isEqualTo(Duration.ofSeconds(7));
                    assertThat(server.options().maxFrameSize()).isEqualTo(64 * 1024);
                    assertThat(server.options().bindAddress()).isEqualTo("127.0.0.1");
                    assertThat(server.options().shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(server.options().maxHeaderSize()).isEqualTo(1024);
                });
    }

    @Test
    void shouldShutDownWithTheGracePeriodACustomizerSet() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class, ImpatientShutdownConfiguration.class)
                .withPropertyValues("rpc.server.shutdown-grace-period=30s")
                .run(context -> {
                    RpcServer server = context.getBean(RpcServerLifecycle.class).getServer();
                    Gate gate = context.getBean(Gate.class);
                    try (RpcClient client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).build())) {
                        GreetingService greetings = client.proxy(GreetingService.class,
                                ReferenceOptions.to("127.0.0.1:" + server.port()).timeout(Duration.ofSeconds(60)).build());
                        CompletableFuture<String> inFlight = CompletableFuture
                                .supplyAsync(() -> greetings.waitForGate("in flight"));
                        await().until(() -> gate.waiting() == 1);

                        CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

                        // with the property's 30 s the close would wait for the call, which waits for the gate
                        await().until(closing::isDone);
                        assertThat(closing).isCompleted();
                        assertThat(inFlight).failsWithin(Duration.ofSeconds(10))
                                .withThrowableOfType(ExecutionException.class)
                                .havingCause().isInstanceOf(RpcException.class);
                    }
                    finally {
                        gate.open();
                    }
                });
    }

    @Test
    void shouldRunServiceMethodsOnTheBoundedPoolByDefault() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class)
                .withPropertyValues("rpc.server.worker-threads=4", "rpc.server.queue-capacity=8")
                .run(context -> assertThat(context.getBean(RpcServerLifecycle.class).getServer().options().executor())
                        .hasToString("bounded(4 threads, queue 8)"));
    }

    @Test
    void shouldRunServiceMethodsOnTheEventLoopWhenAskedTo() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class)
                .withPropertyValues("rpc.server.executor=direct")
                .run(context -> assertThat(context.getBean(RpcServerLifecycle.class).getServer().options().executor())
                        .hasToString("direct (on the event loop)"));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void shouldFollowTheApplicationOntoVirtualThreads() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class)
                .withPropertyValues("spring.threads.virtual.enabled=true")
                .run(context -> assertThat(context.getBean(RpcServerLifecycle.class).getServer().options().executor())
                        .hasToString("virtual threads (at most 1040 calls)"));
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void shouldStayOnTheBoundedPoolWhenVirtualThreadsAreAskedForBeforeJava21() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class)
                .withPropertyValues("spring.threads.virtual.enabled=true")
                .run(context -> assertThat(context.getBean(RpcServerLifecycle.class).getServer().options().executor())
                        .hasToString("bounded(16 threads, queue 1024)"));
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void shouldFailToStartWhenTheVirtualThreadExecutorIsNamedBeforeJava21() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class)
                .withPropertyValues("rpc.server.executor=virtual-threads")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("rpc.server.executor=virtual-threads needs Java 21 or later; this is Java "));
    }

    @Test
    void shouldNotRevealServicesOnNotFoundByDefault() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class)
                .run(context -> assertThat(context.getBean(RpcServerLifecycle.class).getServer().options()
                        .revealServicesOnNotFound()).isFalse());
    }

    @Test
    void shouldRevealServicesOnNotFoundWhenConfigured() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class)
                .withPropertyValues("rpc.server.reveal-services-on-not-found=true")
                .run(context -> assertThat(context.getBean(RpcServerLifecycle.class).getServer().options()
                        .revealServicesOnNotFound()).isTrue());
    }

    @Test
    void shouldDocumentPortDefaultOf9090() {
        assertThat(new RpcProperties().getServer().getPort()).isEqualTo(9090);
        assertThat(new RpcProperties().getServer().getAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void shouldFailWhenPortIsInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            contextRunner().withUserConfiguration(GreetingServiceConfiguration.class)
                    .withPropertyValues("rpc.server.port=" + taken.getLocalPort())
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("in use");
                        assertThat(analyze(context.getStartupFailure()).getAction())
                                .contains("stop the process that is listening on port " + taken.getLocalPort())
                                .contains("'rpc.server.port'");
                    });
        }
    }

    @Test
    void shouldFailWhenTwoBeansExportTheSameInterface() {
        contextRunner().withUserConfiguration(GreetingServiceConfiguration.class, SecondGreetingServiceConfiguration.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(DuplicateRpcServiceException.class)
                            .rootCause().hasMessageContaining("exported by two beans, 'greetingService' and 'secondGreetingService'");
                    assertThat(analyze(context.getStartupFailure()).getAction()).contains("Remove @RpcService from one of them");
                });
    }

    @Test
    void shouldFailWhenAnInterfaceCannotBeRemote() {
        contextRunner().withUserConfiguration(GenericServiceConfiguration.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("declares type parameters");
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains(GenericService.class.getName())
                            .contains("the @RpcService bean 'genericService'").contains("echo(java.lang.Object)");
                    assertThat(analysis.getCause()).isInstanceOf(RpcInterfaceException.class);
                });
    }

    @Test
    void shouldFailWhenAnExportedMethodDeclaresAnExceptionTheCallerCannotRebuild() {
        contextRunner().withUserConfiguration(RefundServiceConfiguration.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getCause()).isInstanceOf(RpcInterfaceException.class);
                    assertThat(analysis.getDescription()).contains(RefundService.class.getName())
                            .contains("the @RpcService bean 'refundService'")
                            .contains("declares " + RefundService.RefundRefusedException.class.getName())
                            .contains("@JsonCreator");
                });
    }

    @Test
    void shouldFailWhenRpcServiceNamesAnInterfaceTheBeanDoesNotImplement() {
        contextRunner().withUserConfiguration(WrongInterfaceConfiguration.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("names " + GenericService.class.getName())
                            .hasMessageContaining("does not implement");
                });
    }

    static FailureAnalysis analyze(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(
                RpcServerAutoConfigurationTests.class.getClassLoader()).load(FailureAnalyzer.class,
                        (type, name, ex) -> { }); // Boot's own analyzers need constructor arguments: skip them
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null && analyzer.getClass().getPackageName().startsWith("dev.rpc")) {
                return analysis;
            }
        }
        throw new AssertionError("no RPC failure analyzer explains " + failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class GreetingServiceConfiguration {

        @Bean
        Gate gate() {
            return new Gate();
        }

        @Bean
        DefaultGreetingService greetingService(Gate gate) {
            return new DefaultGreetingService(gate);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SecondGreetingServiceConfiguration {

        @Bean
        DefaultGreetingService secondGreetingService(Gate gate) {
            return new DefaultGreetingService(gate);
        }
    }

    @RpcService
    static class GenericServiceImpl implements GenericService {

        @Override
        public <T> T echo(T value) {
            return value;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GenericServiceConfiguration {

        @Bean
        GenericServiceImpl genericService() {
            return new GenericServiceImpl();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RefundServiceConfiguration {

        @Bean
        RefundServiceImpl refundService() {
            return new RefundServiceImpl();
        }
    }

    @RpcService
    static class RefundServiceImpl implements RefundService {

        @Override
        public void refund(String order) {
        }
    }

    @RpcService(GenericService.class)
    static class WrongInterfaceService implements Runnable {

        @Override
        public void run() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrongInterfaceConfiguration {

        @Bean
        WrongInterfaceService wrongInterfaceService() {
            return new WrongInterfaceService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PortListenerConfiguration implements ApplicationListener<RpcServerStartedEvent> {

        final List<Integer> ports = new ArrayList<>();

        @Override
        public void onApplicationEvent(RpcServerStartedEvent event) {
            this.ports.add(event.getPort());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomServerBeansConfiguration {

        @Bean
        RpcServiceCollector customCollector() {
            return new RpcServiceCollector();
        }

        @Bean
        RpcServerFactory customFactory() {
            return () -> RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1")
                    .port(0).ioThreads(1).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerConfiguration {

        @Bean
        RpcServerCustomizer smallHeadersAndShortIdleTimeout() {
            return options -> options.maxHeaderSize(1024).idleTimeout(Duration.ofSeconds(7));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ImpatientShutdownConfiguration {

        @Bean
        RpcServerCustomizer noGracePeriod() {
            return options -> options.shutdownGracePeriod(Duration.ZERO);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomLifecycleConfiguration {

        @Bean
        RpcServerLifecycle customLifecycle(RpcServiceCollector collector, ConfigurableApplicationContext context) {
            return new RpcServerLifecycle(() -> RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1")
                    .port(0).ioThreads(1).build()), collector, context);
        }
    }
}
