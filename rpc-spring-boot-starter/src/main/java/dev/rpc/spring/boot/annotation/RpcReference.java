package dev.rpc.spring.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a client proxy of the annotated field's or constructor parameter's service interface.
 *
 * <pre>{@code
 * @RpcReference(service = "inventory")
 * private InventoryService inventory;
 * }</pre>
 *
 * <p>The proxy's address and timeouts come from {@code rpc.client.services.<key>}, where the key is
 * {@link #service()}, or, when that is empty, the interface's simple name matched ignoring case and dashes
 * ({@code inventory-service} and {@code InventoryService} both match {@code InventoryService}). Proxies are
 * shared: every injection point with the same interface and key receives the same proxy, and every proxy of
 * the same address shares one connection.
 *
 * <p>On a constructor parameter, no {@code @Autowired} is needed when the class has a single constructor.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RpcReference {

    /** The key of the service's settings under {@code rpc.client.services}; empty uses the interface's name. */
    String service() default "";
}
