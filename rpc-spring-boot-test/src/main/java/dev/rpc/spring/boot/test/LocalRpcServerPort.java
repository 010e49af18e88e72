package dev.rpc.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the TCP port the application's RPC server listens on, as chosen when it started: a shorthand for
 * {@code @Value("${local.rpc.server.port}")}, for tests that start the server on a real port
 * ({@code rpc.server.port=0}), as Spring Boot's {@code @LocalServerPort} does for the web server.
 *
 * <pre>{@code
 * @SpringBootTest(properties = "rpc.server.port=0")
 * class InventoryServerTests {
 *
 *     @LocalRpcServerPort
 *     int port;
 * }
 * }</pre>
 *
 * The property is set once the server listens ({@link RpcServerLifecycle#PORT_PROPERTY}), so inject it into the
 * test, or into beans created after the context is refreshed; not under {@link AutoConfigureTestRpcTransport},
 * whose server has no TCP port.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${" + RpcServerLifecycle.PORT_PROPERTY + "}")
public @interface LocalRpcServerPort {
}
