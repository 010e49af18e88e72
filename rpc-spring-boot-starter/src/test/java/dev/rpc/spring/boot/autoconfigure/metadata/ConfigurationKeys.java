package dev.rpc.spring.boot.autoconfigure.metadata;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rpc.spring.boot.autoconfigure.RpcProperties;
import org.springframework.beans.BeanUtils;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration keys of the starter: those of the {@code spring-configuration-metadata.json} the build
 * generated, and, under each key whose values are a map of settings objects (such as
 * {@code rpc.client.services}), the keys of those objects, which the metadata format cannot list, found by
 * reflection on the value type the way Spring Boot's binder finds them. A map's own key is written {@code *}.
 */
final class ConfigurationKeys {

    private static final String MAP_PREFIX = "java.util.Map<java.lang.String,";

    private final Map<String, Key> keys;

    private final Map<String, List<String>> hints;

    private ConfigurationKeys(Map<String, Key> keys, Map<String, List<String>> hints) {
        this.keys = keys;
        this.hints = hints;
    }

    /**
     * One configuration key.
     * @param name the key, {@code *} standing for a map's key
     * @param type the Java type, as the metadata writes it
     * @param description the metadata's description; {@code null} for the keys under a map
     * @param defaultValue the default as text, {@code null} if none
     * @param source where the key comes from, for messages
     */
    record Key(String name, String type, String description, String defaultValue, String source) {
    }

    /** Returns the path of the metadata the build generated for the starter's own classes. */
    static Path generatedMetadata() throws Exception {
        Path classes = Path.of(RpcProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return classes.resolve("META-INF/spring-configuration-metadata.json");
    }

    static ConfigurationKeys read(Path metadata) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(metadata)) {
            root = JsonMapper.builder().build().readTree(in);
        }
        Map<String, Key> keys = new LinkedHashMap<>();
        for (JsonNode property : root.path("properties")) {
            String name = property.path("name").asString();
            String type = property.path("type").asString(null);
            JsonNode defaultValue = property.path("defaultValue");
            keys.put(name, new Key(name, type, property.path("description").asString(null),
                    defaultValue.isMissingNode() || defaultValue.isNull() ? null : defaultValue.asString(),
                    "spring-configuration-metadata.json"));
            if (type != null && type.startsWith(MAP_PREFIX)) {
                String valueType = type.substring(MAP_PREFIX.length(), type.length() - 1);
                expandMapValues(name + ".*", valueType, keys);
            }
        }
        Map<String, List<String>> hints = new LinkedHashMap<>();
        for (JsonNode hint : root.path("hints")) {
            List<String> values = new ArrayList<>();
            for (JsonNode value : hint.path("values")) {
                values.add(value.path("value").asString() + (value.path("description").asString("").isBlank() ? ""
                        : " : " + value.path("description").asString()));
            }
            hints.put(hint.path("name").asString(), values);
        }
        return new ConfigurationKeys(keys, hints);
    }

    /** Returns every key, map keys written {@code *}. */
    Map<String, Key> keys() {
        return this.keys;
    }

    /** Returns the value hints of each key that has some, as {@code value : description}. */
    Map<String, List<String>> hints() {
        return this.hints;
    }

    /** Returns the key with every placeholder, such as {@code <key>} or {@code <method>}, written {@code *}. */
    static String pattern(String key) {
        return key.replaceAll("<[^>]+>", "*");
    }

    private static void expandMapValues(String prefix, String valueType, Map<String, Key> keys) {
        Class<?> type = load(valueType);
        if (type == null || !isSettingsObject(type)) {
            keys.put(prefix, new Key(prefix, valueType, null, null, "the values of a map"));
            return;
        }
        expandObject(prefix, type, BeanUtils.instantiateClass(type), keys);
    }

    /** Adds the keys of a settings object, as the binder reads them: its getters, kebab-cased. */
    private static void expandObject(String prefix, Class<?> type, Object defaults, Map<String, Key> keys) {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            Method getter = descriptor.getReadMethod();
            if (getter == null || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = prefix + "." + kebab(descriptor.getName());
            ResolvableType propertyType = ResolvableType.forMethodReturnType(getter);
            Class<?> resolved = propertyType.resolve(Object.class);
            Object value = invoke(getter, defaults);
            if (Map.class.isAssignableFrom(resolved)) {
                expandMapValues(name + ".*", propertyType.asMap().getGeneric(1).resolve(Object.class).getName(), keys);
            }
            else if (isSettingsObject(resolved)) {
                expandObject(name, resolved, value, keys);
            }
            else {
                keys.put(name, new Key(name, resolved.getName(), null, render(value),
                        type.getSimpleName() + "#" + descriptor.getName()));
            }
        }
    }

    private static boolean isSettingsObject(Class<?> type) {
        return type.getName().startsWith("dev.rpc.") && !type.isEnum() && !type.isInterface();
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Writes a default the way the configuration processor does, for the types settings objects use. */
    private static String render(Object value) {
        if (value instanceof Boolean || value instanceof Number || value instanceof String) {
            return value.toString();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase().replace('_', '-');
        }
        return null;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Class<?> load(String name) {
        try {
            return ClassUtils.forName(name, ConfigurationKeys.class.getClassLoader());
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return null;
        }
    }

    /** Returns the enum type of a key, or {@code null} when its type is not one of the framework's enums. */
    static Class<?> frameworkEnum(Key key) {
        Class<?> type = (key.type() != null) ? load(key.type()) : null;
        return (type != null && type.isEnum() && type.getName().startsWith("dev.rpc.")) ? type : null;
    }
}
