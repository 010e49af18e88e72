package dev.rpc.spring.boot.client;

import java.util.regex.Pattern;

/**
 * Keys under {@code rpc.client.services.<key>.methods}: how they are compared, and how to write them so that
 * Spring Boot's binder keeps them whole.
 */
final class MethodKeys {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private MethodKeys() {
    }

    /**
     * Returns the key without whitespace, so that {@code weigh(long, java.lang.String)} names the same method
     * as {@code weigh(long,java.lang.String)}, the signature rpc-core compares with.
     */
    static String normalize(String key) {
        return WHITESPACE.matcher(key).replaceAll("");
    }

    /**
     * Returns the method name of a key: the key itself, or the part of a signature before its parenthesis.
     */
    static String methodName(String key) {
        int parenthesis = key.indexOf('(');
        return (parenthesis < 0) ? key : key.substring(0, parenthesis);
    }

    /**
     * Describes a signature written in brackets, in YAML and in a {@code .properties} file.
     * @param methodsProperty the property up to {@code methods}, e.g. {@code rpc.client.services.scale.methods}
     * @param signature the signature, without whitespace
     * @param setting the setting under the key, such as {@code timeout}, or {@code null} when unknown
     * @param value the setting's value, or {@code null} when unknown
     */
    static String inBrackets(String methodsProperty, String signature, String setting, String value) {
        String name = (setting != null && !setting.isEmpty()) ? setting : "timeout";
        String shown = (value != null && !value.isEmpty()) ? value : "...";
        return String.format("In YAML, under 'methods:', quote it:%n%n    \"[%s]\": { %s: %s }%n%n"
                + "In a .properties file:%n%n    %s[%s].%s=%s%n", signature, name, shown, methodsProperty, signature,
                name, shown);
    }
}
