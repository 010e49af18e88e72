package dev.rpc.core.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method as safe to run more than once with the same arguments. A call to it that was
 * sent and then lost (connection dropped before the answer) may be retried on another provider; calls to
 * other methods are retried only when they certainly did not run, because retrying non-idempotent writes
 * is how RPC frameworks duplicate orders. {@link ReferenceOptions.Builder#idempotent(String)} does the same
 * from configuration.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {
}
