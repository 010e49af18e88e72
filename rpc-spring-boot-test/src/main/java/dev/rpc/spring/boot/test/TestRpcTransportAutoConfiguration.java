package dev.rpc.spring.boot.test;

import dev.rpc.core.transport.Transport;
import dev.rpc.spring.boot.autoconfigure.RpcClientAutoConfiguration;
import dev.rpc.spring.boot.autoconfigure.RpcServerAutoConfiguration;
import dev.rpc.spring.boot.client.RpcClientCustomizer;
import dev.rpc.spring.boot.client.RpcReferenceFactory;
import dev.rpc.spring.boot.client.ServiceAddressResolver;
import dev.rpc.spring.boot.server.RpcServerCustomizer;
import dev.rpc.spring.boot.server.RpcServiceCollector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The in-JVM test transport of {@link AutoConfigureTestRpcTransport}: the context's server listens on an in-JVM port
 * of its own, the client connects over the in-JVM transport, every reference is given that server's address, and
 * the server exports the fakes of referenced services beside the {@code @RpcService} beans. Runs before the
 * starter's server and client auto-configurations, which then build the server and the client as usual (with the
 * application's interceptors and customizers) and start a server even where the application exports nothing.
 */
@AutoConfiguration(before = { RpcServerAutoConfiguration.class, RpcClientAutoConfiguration.class })
public final class TestRpcTransportAutoConfiguration {

    @Bean
    TestRpcTransport testRpcTransport() {
        return TestRpcTransport.create();
    }

    /** Applied after the application's customizers, so that none of them moves the server back onto a socket. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    RpcServerCustomizer testRpcTransportServerCustomizer(TestRpcTransport transport) {
        return options -> options.transport(Transport.IN_JVM).port(transport.port()).discovery(null);
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    RpcClientCustomizer testRpcTransportClientCustomizer() {
        return options -> options.transport(Transport.IN_JVM).discovery(null);
    }

    @Bean
    @Primary
    ServiceAddressResolver testRpcTransportAddressResolver(TestRpcTransport transport) {
        return (serviceKey, serviceInterface) -> transport.address();
    }

    @Bean
    RpcServiceCollector testRpcServiceCollector(ObjectProvider<RpcReferenceFactory> references) {
        return new TestRpcServiceCollector(references);
    }

    @Bean
    static FakeServiceCandidates testRpcFakeServiceCandidates() {
        return new FakeServiceCandidates();
    }
}
