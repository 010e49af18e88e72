package dev.rpc.spring.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.rpc.spring.boot.context.RpcClientsRegistrar;
import org.springframework.context.annotation.Import;

/**
 * Declares client interfaces once, so that their proxies are ordinary beans: injected by type, through a
 * constructor, with no annotation at the injection point.
 *
 * <pre>{@code
 * @SpringBootApplication
 * @EnableRpcClients(clients = InventoryService.class)
 * class ShopApplication { ... }
 *
 * @Service
 * class Checkout {
 *     Checkout(InventoryService inventory) { ... }
 * }
 * }</pre>
 *
 * Each proxy is configured by {@code rpc.client.services.<key>}, where the key is the interface's simple name
 * (matched ignoring case and dashes), exactly as for {@link RpcReference} without a {@code service}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(RpcClientsRegistrar.class)
public @interface EnableRpcClients {

    /** The service interfaces to register as beans. */
    Class<?>[] clients();
}
