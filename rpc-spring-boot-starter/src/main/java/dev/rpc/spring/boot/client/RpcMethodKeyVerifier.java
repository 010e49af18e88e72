package dev.rpc.spring.boot.client;

import java.util.ArrayList;
import java.util.List;

import dev.rpc.spring.boot.diagnostics.InvalidMethodKeyException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Fails the startup when a key under {@code rpc.client.services.<key>.methods} is written in a form that
 * Spring Boot's binder does not keep whole, so that its setting would silently miss the method.
 *
 * <p>Outside brackets, the binder keeps only letters, digits, {@code -} and {@code _} of a map key and splits
 * the key at each dot: {@code weigh(long,java.lang.String)} would arrive as {@code weighlongjava}, followed by
 * properties that do not exist. A full signature must therefore be written in brackets:
 * {@code "[weigh(long,java.lang.String)]"}, quoted, in YAML, {@code methods[weigh(long,java.lang.String)]} in a
 * {@code .properties} file. Before anything is bound, this post-processor reads the property names as they
 * were written, in every enumerable property source of the environment, and throws an
 * {@link InvalidMethodKeyException} that names the key and shows how to write it when:
 * <ul>
 * <li>a key the binder would change, such as a signature, is written outside brackets;
 * <li>a key is in brackets that YAML read as a list, because they were not quoted;
 * <li>a {@code .properties} key ends inside a signature, because a {@code .properties} key ends at the
 * first space.
 * </ul>
 * Keys that bind whole are checked against the service interface when its proxy is created, by
 * {@link RpcReferenceFactory}.
 */
public class RpcMethodKeyVerifier implements BeanFactoryPostProcessor {

    private static final String SERVICES = "rpc.client.services";

    /** The elements of {@code rpc.client.services.<key>.methods}; {@code null} matches any service key. */
    private static final String[] METHODS_PREFIX = { "rpc", "client", "services", null, "methods" };

    private final Environment environment;

    /**
     * Creates the verifier.
     * @param environment the environment whose property sources are read
     */
    public RpcMethodKeyVerifier(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        verify();
    }

    /**
     * Checks the method keys of every enumerable property source, in the environment's order.
     * @throws InvalidMethodKeyException for the first key that the binder would not keep whole
     */
    public void verify() {
        if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        for (PropertySource<?> source : configurable.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable
                    && !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.regionMatches(true, 0, SERVICES, 0, SERVICES.length())) {
                        verify(enumerable, name);
                    }
                }
            }
        }
    }

    private static void verify(EnumerablePropertySource<?> source, String name) {
        int keyStart = keyStart(name);
        if (keyStart < 0 || keyStart == name.length()) {
            return;
        }
        String methodsProperty = name.substring(0, keyStart);
        Key key = Key.parse(name, keyStart);
        if (!key.complete()) {
            throw cutAtSpace(source, name, methodsProperty, keyStart);
        }
        if (key.written().isEmpty()) {
            return;
        }
        Object value = source.getProperty(name);
        if (key.bracketed()) {
            if (key.written().startsWith("[")) {
                throw readAsList(source, name, methodsProperty, key, value);
            }
            return;
        }
        String bound = boundAs(key.written());
        if (!bound.equals(key.written())) {
            throw outsideBrackets(source, name, methodsProperty, key, value, bound);
        }
    }

    private static InvalidMethodKeyException outsideBrackets(PropertySource<?> source, String name,
            String methodsProperty, Key key, Object value, String bound) {
        String signature = MethodKeys.normalize(key.written());
        String problem = String.format("The property '%s'%s writes the method key '%s' outside brackets. Spring "
                + "Boot's binder keeps only letters, digits, '-' and '_' of such a key and splits it at each '.', so it "
                + "would read '%s', and the setting would not reach the method.", name, where(source, name),
                key.written(), bound);
        String correction = "Write the key in brackets. "
                + MethodKeys.inBrackets(methodsProperty, signature, key.rest(), text(value)) + allOverloads(signature);
        return new InvalidMethodKeyException(name, key.written(), problem, correction);
    }

    private static InvalidMethodKeyException readAsList(PropertySource<?> source, String name, String methodsProperty,
            Key key, Object value) {
        String written = key.written();
        int end = written.endsWith("]") ? written.length() - 1 : written.length();
        String signature = MethodKeys.normalize(written.substring(1, end));
        String problem = String.format("The property '%s'%s has the method key '%s': YAML reads brackets that are not "
                + "quoted as a list, so the key is not the method's signature.", name, where(source, name), written);
        String correction = "Quote the key in brackets. "
                + MethodKeys.inBrackets(methodsProperty, signature, key.rest(), text(value)) + allOverloads(signature);
        return new InvalidMethodKeyException(name, written, problem, correction);
    }

    /** A .properties key ends at the first space: "methods[weigh(long, int)].timeout=1s" has the key "methods[weigh(long,". */
    private static InvalidMethodKeyException cutAtSpace(PropertySource<?> source, String name, String methodsProperty,
            int keyStart) {
        Object value = source.getProperty(name);
        String line = name + " " + text(value);
        Key whole = Key.parse(line, keyStart);
        if (value == null || !whole.complete()) {
            String problem = String.format("The property '%s'%s ends inside a method key: its brackets or parentheses "
                    + "are not closed.", name, where(source, name));
            String correction = "Write the whole signature without spaces, in brackets. "
                    + MethodKeys.inBrackets(methodsProperty, "name(fully.qualified.Type,int)", null, null);
            return new InvalidMethodKeyException(name, name.substring(keyStart), problem, correction);
        }
        String setting = whole.rest();
        String settingValue = null;
        int separator = indexOfSeparator(setting);
        if (separator >= 0) {
            settingValue = setting.substring(separator + 1).trim();
            setting = setting.substring(0, separator).trim();
        }
        String written = whole.written();
        String signature = MethodKeys.normalize(written);
        String problem = String.format("The .properties line '%s'%s was read as the property '%s' with the value '%s': "
                + "a key in a .properties file ends at the first space, here inside the method key '%s'.", line,
                where(source, name), name, value, written);
        String correction = "Write the signature without spaces, in brackets. "
                + MethodKeys.inBrackets(methodsProperty, signature, setting, settingValue) + allOverloads(signature);
        return new InvalidMethodKeyException(name, written, problem, correction);
    }

    private static String allOverloads(String signature) {
        String method = MethodKeys.methodName(signature);
        return method.equals(signature) ? ""
                : String.format("%nOr write the name alone, %s, to configure every overload of the method.", method);
    }

    /** Returns the index just after {@code rpc.client.services.<key>.methods} in a name, or -1 for other names. */
    static int keyStart(String name) {
        int position = 0;
        for (int element = 0; element < METHODS_PREFIX.length; element++) {
            if (element > 0) {
                if (position < name.length() && name.charAt(position) == '.') {
                    position++;
                }
                else if (position >= name.length() || name.charAt(position) != '[') {
                    return -1;
                }
            }
            int end = elementEnd(name, position);
            if (end <= position) {
                return -1;
            }
            String expected = METHODS_PREFIX[element];
            if (expected != null && !name.substring(position, end).equalsIgnoreCase(expected)) {
                return -1;
            }
            position = end;
        }
        return position;
    }

    private static int elementEnd(String name, int start) {
        if (start < name.length() && name.charAt(start) == '[') {
            int close = closing(name, start, '[', ']');
            return (close < 0) ? -1 : close + 1;
        }
        int end = start;
        while (end < name.length() && name.charAt(end) != '.' && name.charAt(end) != '[') {
            end++;
        }
        return end;
    }

    private static int closing(String text, int open, char opening, char closing) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == opening) {
                depth++;
            }
            else if (c == closing && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the map key the binder makes of a key written outside brackets, its elements joined by dots. */
    private static String boundAs(String key) {
        ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(key, '.');
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < adapted.getNumberOfElements(); i++) {
            elements.add(adapted.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
        }
        return String.join(".", elements);
    }

    private static int indexOfSeparator(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '=' || text.charAt(i) == ':') {
                return i;
            }
        }
        return -1;
    }

    private static String where(PropertySource<?> source, String name) {
        Origin origin = OriginLookup.getOrigin(source, name);
        return (origin != null) ? " (" + origin + ")" : " (property source '" + source.getName() + "')";
    }

    private static String text(Object value) {
        return (value != null) ? value.toString() : null;
    }

    /**
     * A method key as written in a property name.
     * @param written the key, without the brackets around it
     * @param bracketed whether it was written in brackets
     * @param complete whether its brackets and parentheses are closed
     * @param rest what follows the key, without the leading dot: the setting, such as {@code timeout}
     */
    private record Key(String written, boolean bracketed, boolean complete, String rest) {

        static Key parse(String text, int start) {
            int i = (start < text.length() && text.charAt(start) == '.') ? start + 1 : start;
            if (i < text.length() && text.charAt(i) == '[') {
                int close = closing(text, i, '[', ']');
                return (close < 0) ? new Key(text.substring(i + 1), true, false, "")
                        : new Key(text.substring(i + 1, close), true, true, restAfter(text, close + 1));
            }
            int end = i;
            while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                if (text.charAt(end) == '(') {
                    int close = closing(text, end, '(', ')');
                    if (close < 0) {
                        return new Key(text.substring(i), false, false, "");
                    }
                    end = close + 1;
                    break;
                }
                end++;
            }
            return new Key(text.substring(i, end), false, true, restAfter(text, end));
        }

        private static String restAfter(String text, int end) {
            return (end < text.length() && text.charAt(end) == '.') ? text.substring(end + 1) : text.substring(end);
        }
    }
}
