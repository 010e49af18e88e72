package dev.rpc.spring.boot.client;

import java.util.Locale;
import java.util.Map;

import dev.rpc.spring.boot.autoconfigure.RpcProperties;

/**
 * Looks up the {@code rpc.client.services.<key>} entry of a reference: the exact key first, then a key equal
 * to it ignoring case, dashes and underscores ({@code inventory-service} matches {@code InventoryService}).
 */
public final class ServiceSettings {

    private ServiceSettings() {
    }

    /** Returns the key a reference looks up: its explicit service key, or the interface's simple name. */
    public static String keyOf(String explicitKey, Class<?> serviceInterface) {
        return (explicitKey == null || explicitKey.isEmpty()) ? serviceInterface.getSimpleName() : explicitKey;
    }

    /** Returns the settings of a key, or {@code null} when none are configured. */
    public static RpcProperties.Service find(Map<String, RpcProperties.Service> services, String key) {
        String configured = configuredKey(services, key);
        return (configured != null) ? services.get(configured) : null;
    }

    /**
     * Returns the key, as configured under {@code rpc.client.services}, whose settings a key looks up, or
     * {@code null} when none are configured.
     */
    public static String configuredKey(Map<String, RpcProperties.Service> services, String key) {
        if (services.containsKey(key)) {
            return key;
        }
        String wanted = normalize(key);
        for (String configured : services.keySet()) {
            if (normalize(configured).equals(wanted)) {
                return configured;
            }
        }
        return null;
    }

    private static String normalize(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
