package dev.rpc.spring.boot.aot;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The hints every application with the starter needs, whatever its services: the resource that holds the
 * framework's version, read by the {@code info} contributor. Registered in {@code META-INF/spring/aot.factories}.
 */
class RpcRuntimeHints implements RuntimeHintsRegistrar {

    /** The resource with the framework's version, next to {@code RpcInfoContributor}. */
    static final String VERSION_RESOURCE = "dev/rpc/spring/boot/actuate/rpc-version.properties";

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources().registerPattern(VERSION_RESOURCE);
    }
}
