package dev.rpc.spring.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Exports a bean as a remote service. A stereotype: classes carrying it are picked up by component scanning.
 *
 * <pre>{@code
 * @RpcService
 * class DefaultInventoryService implements InventoryService { ... }
 * }</pre>
 *
 * <p>The bean is exported under each interface it implements (framework interfaces from {@code java.*},
 * {@code jakarta.*} and {@code org.springframework.*} excepted), or only under the interfaces listed in
 * {@link #value()}. The server starts only when at least one bean carries this annotation.
 *
 * <p>If the bean is wrapped by Spring's {@code @Async} proxy, the proxy's asynchronous advice is left out of
 * the exported object (other advice, such as transactions, stays): a remote call runs the method on the RPC
 * server's executor, so the server answers, or acknowledges a callback-mode call, only after the method ran.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface RpcService {

    /** The interfaces to export; empty (the default) exports every service interface the bean implements. */
    Class<?>[] value() default {};

    /**
     * The service name on the wire; empty (the default) uses each interface's binary name. Only valid when
     * exactly one interface is exported. Clients set the same name with {@code rpc.client.services.<key>.service-name}.
     */
    String serviceName() default "";
}
