package dev.rpc.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.rpc.spring.boot.autoconfigure.RpcZooKeeperDiscoveryAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Serves every {@code @RpcReference} of a test's application context inside the JVM, over the in-JVM transport
 * ({@link dev.rpc.core.transport.Transport#IN_JVM}): frames are encoded and bodies serialized as over TCP, so a type
 * that cannot travel fails the test, but no TCP port is opened and no ZooKeeper is contacted.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureTestRpcTransport
 * class CheckoutTests {
 *
 *     @MockitoBean
 *     InventoryService inventory; // the remote service, faked: exported on the in-JVM transport
 *
 *     @Autowired
 *     Checkout checkout; // its @RpcReference InventoryService calls the fake through the transport
 * }
 * }</pre>
 *
 * <ul>
 * <li>Every reference, whatever its configured address or discovery, reaches the context's own in-JVM server. That
 * server exports the {@code @RpcService} beans and, for each referenced interface no {@code @RpcService} exports,
 * the one bean of that interface that is not a client proxy (a {@code @MockitoBean}, a test {@code @Bean}), so
 * remote services are stubbed like local ones.</li>
 * <li>The application's injection points keep receiving the client proxy: {@code @RpcReference} is never resolved by
 * type, and a fake of an interface declared with {@code @EnableRpcClients} is made no default autowire candidate,
 * so injection by type finds the proxy alone. The test reaches its fake through its own {@code @MockitoBean} field,
 * or by bean name or qualifier.</li>
 * <li>The ZooKeeper discovery auto-configuration is excluded, and discovery is off for the client and the server,
 * whatever the application's configuration says.</li>
 * <li>Server and client interceptors, customizers and the other {@code rpc.*} settings apply as in the
 * application.</li>
 * </ul>
 *
 * @see TestRpcTransportAutoConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(exclude = RpcZooKeeperDiscoveryAutoConfiguration.class)
public @interface AutoConfigureTestRpcTransport {
}
