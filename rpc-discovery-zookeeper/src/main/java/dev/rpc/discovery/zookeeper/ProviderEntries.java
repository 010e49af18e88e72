package dev.rpc.discovery.zookeeper;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.rpc.core.discovery.ServiceInstance;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes a provider as the data of its znode, and decodes (and validates) what another process wrote there.
 *
 * <p>The znode is named {@code host:port} (an IPv6 host in brackets) and holds a small JSON object:
 *
 * <pre>{@code
 * {"host":"10.0.0.7","port":9090,"metadata":{"weight":"2","zone":"eu-1"}}
 * }</pre>
 *
 * Unknown fields are ignored, so that newer versions may add some. Everything else is checked: what is read
 * from ZooKeeper is untrusted input. A refused entry's message says what is wrong and never quotes the data
 * (no value, key or parser message from it), because it is logged.
 */
final class ProviderEntries {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ProviderEntries() {
    }

    /** Returns the name of the instance's znode, {@code host:port}. */
    static String nodeName(ServiceInstance instance) {
        return instance.authority();
    }

    /** Returns the znode data of an instance. */
    static byte[] encode(ServiceInstance instance) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("host", instance.host());
        entry.put("port", instance.port());
        entry.put("metadata", new java.util.TreeMap<>(instance.metadata()));
        return MAPPER.writeValueAsBytes(entry);
    }

    /**
     * Decodes the entry of one provider.
     * @param service the service, from the znode's path
     * @param nodeName the znode's name, which must be the {@code host:port} of its data
     * @param data the znode's data, possibly {@code null}
     * @param maxSize the largest data accepted, in bytes
     * @return the provider
     * @throws MalformedEntryException saying what is wrong, without echoing the data
     */
    static ServiceInstance decode(String service, String nodeName, byte[] data, int maxSize) {
        if (data == null || data.length == 0) {
            throw new MalformedEntryException("it has no data");
        }
        if (data.length > maxSize) {
            throw new MalformedEntryException("its data of " + data.length + " bytes exceeds the limit of " + maxSize);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        }
        catch (JacksonException ex) {
            throw new MalformedEntryException("its data is not valid JSON" + where(ex));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEntryException("its data is not a JSON object");
        }
        JsonNode host = root.get("host");
        if (host == null || !host.isString() || host.stringValue().isBlank()) {
            throw new MalformedEntryException("its host is missing or not a non-blank string");
        }
        JsonNode port = root.get("port");
        if (port == null || !port.isIntegralNumber() || !port.canConvertToInt() || port.intValue() < 1
                || port.intValue() > 65535) {
            throw new MalformedEntryException("its port is missing or not an integer within 1..65535");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode metadataNode = root.get("metadata");
        if (metadataNode != null && !metadataNode.isNull()) {
            if (!metadataNode.isObject()) {
                throw new MalformedEntryException("its metadata is not a JSON object");
            }
            for (Map.Entry<String, JsonNode> property : metadataNode.properties()) {
                if (!property.getValue().isString()) {
                    throw new MalformedEntryException("one of its metadata values is not a string");
                }
                metadata.put(property.getKey(), property.getValue().stringValue());
            }
        }
        ServiceInstance instance;
        try {
            instance = new ServiceInstance(service, host.stringValue(), port.intValue(), metadata);
        }
        catch (IllegalArgumentException ex) {
            throw new MalformedEntryException("it is not a valid provider");
        }
        if (!nodeName(instance).equals(nodeName)) {
            throw new MalformedEntryException("its name is not the host:port of its data");
        }
        return instance;
    }

    /** Where parsing stopped, if known; the parser's own message is not used, since it quotes the data. */
    private static String where(JacksonException ex) {
        TokenStreamLocation location = ex.getLocation();
        return location == null || location.getLineNr() < 1 ? ""
                : " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** A provider entry that cannot be used; the message says why. */
    static final class MalformedEntryException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedEntryException(String reason) {
            super(reason, null, false, false);
        }
    }
}
