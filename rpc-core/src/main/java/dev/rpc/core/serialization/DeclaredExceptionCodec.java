package dev.rpc.core.serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.rpc.core.protocol.RemoteCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.introspect.BeanPropertyDefinition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.ClassUtil;

/**
 * Writes and rebuilds one declared exception type, resolved once per method when a proxy is created or a
 * service exported, so that a type that cannot be rebuilt faithfully fails then, never at run time.
 *
 * <p>On the wire the exception is an object of its Jackson properties (its getters, {@code message}
 * included; never the stack trace, suppressed exceptions or cause), plus, when it has a cause, the
 * reserved property {@value #CAUSES}: up to {@value #MAX_CAUSES} entries of {@code type} and
 * {@code message}, as text. The receiver rebuilds the exception with its {@link ExceptionCreator}, sets the
 * remaining properties through setters or fields the way Jackson does, and then checks that the rebuilt
 * exception has exactly the properties it was sent with; one that does not (a message the constructor
 * words differently, a property derived from a value that did not travel) is refused with a
 * {@link SerializationException} and a warning that says how to fix the type, rather than handed to the
 * caller with wrong content. The cause arrives as a chain of {@link RemoteCause}s.
 */
final class DeclaredExceptionCodec {

    /** The reserved property that holds the cause chain as text. */
    static final String CAUSES = "@causes";

    /** The most causes described, outermost first. */
    static final int MAX_CAUSES = 4;

    private static final int MAX_CAUSE_MESSAGE = 1024;

    private static final Logger logger = LoggerFactory.getLogger(DeclaredExceptionCodec.class);

    private final ObjectMapper mapper;

    private final Class<?> type;

    private final ObjectWriter writer;

    private final ExceptionCreator creator;

    private final ObjectReader[] parameterReaders;

    private final Object[] parameterDefaults;

    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * Resolves the codec of a declared exception type.
     * @throws IllegalArgumentException if the type cannot be rebuilt faithfully, saying why and what to change
     */
    DeclaredExceptionCodec(ObjectMapper mapper, Class<?> type) {
        this.mapper = mapper;
        this.type = type;
        JavaType javaType = mapper.constructType(type);
        this.writer = mapper.writerFor(javaType);
        Set<String> properties = serializedProperties(mapper, javaType);
        this.creator = ExceptionCreator.find(type, properties);
        requireRestorable(mapper, javaType, properties, creator);
        java.lang.reflect.Type[] parameterTypes = creator.parameterTypes();
        this.parameterReaders = new ObjectReader[parameterTypes.length];
        this.parameterDefaults = new Object[parameterTypes.length];
        for (int i = 0; i < parameterTypes.length; i++) {
            JavaType parameter = mapper.constructType(parameterTypes[i]);
            parameterReaders[i] = mapper.readerFor(parameter);
            parameterDefaults[i] = parameter.isPrimitive() ? ClassUtil.defaultValue(parameter.getRawClass()) : null;
        }
    }

    /** Writes an exception that is an instance of this codec's type, with its cause chain as text. */
    void write(Throwable exception, JsonGenerator generator) {
        ObjectNode node = writer.valueToTree(exception);
        ArrayNode causes = describeCauses(exception);
        if (!causes.isEmpty()) {
            node.set(CAUSES, causes);
        }
        generator.writeTree(node);
    }

    /**
     * Rebuilds an exception from a parser positioned on its first token.
     * @throws SerializationException if the body is malformed or the rebuilt exception differs from what was sent
     */
    Throwable read(JsonParser parser) {
        JsonNode tree = mapper.readTree(parser);
        if (!(tree instanceof ObjectNode sent)) {
            throw new SerializationException("a declared " + type.getName() + " must be an object, not "
                    + (tree == null ? "empty" : tree.getNodeType()), null);
        }
        JsonNode causes = sent.remove(CAUSES);
        Throwable rebuilt = rebuild(sent);
        String difference = differenceFrom(sent, rebuilt);
        if (difference != null) {
            if (warned.compareAndSet(false, true)) {
                logger.warn("A declared {} arrived but cannot be rebuilt as it was sent ({}); the caller gets an "
                        + "RpcException APPLICATION_ERROR instead. Give {} a constructor taking every property that "
                        + "defines it (named after its getters, 'message' included when the caller chooses the "
                        + "message), or annotate one with @JsonCreator", type.getName(), difference, type.getSimpleName());
            }
            throw new SerializationException("the rebuilt " + type.getName() + " differs from the one sent: " + difference,
                    null);
        }
        attachCauses(rebuilt, causes);
        return rebuilt;
    }

    private Throwable rebuild(ObjectNode sent) {
        List<String> names = creator.parameterNames();
        Object[] arguments = new Object[names.size()];
        ObjectNode rest = sent.deepCopy();
        rest.remove("message");
        for (int i = 0; i < arguments.length; i++) {
            JsonNode value = sent.get(names.get(i));
            rest.remove(names.get(i));
            Object argument = parameterReaders[i].readValue(value == null ? NullNode.getInstance() : value);
            arguments[i] = argument == null ? parameterDefaults[i] : argument;
        }
        Throwable rebuilt = creator.create(arguments);
        if (!rest.isEmpty()) {
            mapper.readerForUpdating(rebuilt).readValue(rest);
        }
        return rebuilt;
    }

    /**
     * Returns how the rebuilt exception differs from what was sent, or {@code null} if it does not. Only
     * properties both sides know are compared: a property only a newer sender has is ignored, one only this
     * side has keeps its default, as for any other value type.
     */
    private String differenceFrom(ObjectNode sent, Throwable rebuilt) {
        // read back through the same format, so that numbers compare as the nodes the parser makes
        JsonNode again = mapper.readTree(writer.writeValueAsBytes(rebuilt));
        for (String name : new TreeSet<>(again.propertyNames())) {
            JsonNode expected = sent.get(name);
            JsonNode actual = again.get(name);
            if (expected != null && !expected.equals(actual)) {
                return "property '" + name + "' was " + expected + " but is " + actual + " once rebuilt through " + creator;
            }
        }
        return null;
    }

    private ArrayNode describeCauses(Throwable exception) {
        ArrayNode causes = mapper.createArrayNode();
        Throwable cause = exception.getCause();
        for (int i = 0; i < MAX_CAUSES && cause != null && cause != exception; i++) {
            ObjectNode entry = causes.addObject();
            entry.put("type", cause.getClass().getName());
            String message = cause.getMessage();
            entry.put("message", message == null || message.length() <= MAX_CAUSE_MESSAGE ? message
                    : message.substring(0, MAX_CAUSE_MESSAGE));
            cause = cause.getCause();
        }
        return causes;
    }

    private static void attachCauses(Throwable rebuilt, JsonNode causes) {
        if (causes == null || !causes.isArray() || causes.isEmpty() || rebuilt.getCause() != null) {
            return;
        }
        RemoteCause chain = null;
        int count = Math.min(causes.size(), MAX_CAUSES);
        for (int i = count - 1; i >= 0; i--) {
            JsonNode entry = causes.get(i);
            chain = new RemoteCause(text(entry.get("type")), text(entry.get("message")), chain);
        }
        try {
            rebuilt.initCause(chain);
        }
        catch (IllegalStateException ex) {
            // the constructor set the cause itself (possibly to null): it cannot be replaced
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.getNodeType() != JsonNodeType.STRING ? null : node.asString();
    }

    private static Set<String> serializedProperties(ObjectMapper mapper, JavaType type) {
        SerializationContext context = mapper._serializationContext();
        BeanDescription description = context.introspectBeanDescription(type);
        Set<String> ignored = context.getConfig().getDefaultPropertyIgnorals(type.getRawClass(), description.getClassInfo())
                .findIgnoredForSerialization();
        Set<String> names = new TreeSet<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.couldSerialize() && !ignored.contains(property.getName())) {
                names.add(property.getName());
            }
        }
        return names;
    }

    /**
     * Refuses a type with a property that neither its creator takes nor a setter or field restores: it would
     * arrive without it. The message is left to the run-time check, as constructors usually word it themselves.
     */
    private static void requireRestorable(ObjectMapper mapper, JavaType type, Set<String> properties,
            ExceptionCreator creator) {
        Set<String> settable = new TreeSet<>();
        BeanDescription description = mapper._deserializationContext().introspectBeanDescription(type);
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.hasSetter() || property.hasField()) {
                settable.add(property.getName());
            }
        }
        List<String> lost = new ArrayList<>();
        for (String property : properties) {
            if (!property.equals("message") && !creator.parameterNames().contains(property)
                    && !settable.contains(property)) {
                lost.add(property);
            }
        }
        if (!lost.isEmpty()) {
            throw new IllegalArgumentException(type.getRawClass().getName() + " cannot be rebuilt by the caller with its "
                    + "properties " + lost + ": its constructor " + creator + " does not take them and it has no "
                    + "setter or field for them. Take them in the constructor (parameters named after the getters), "
                    + "add setters, or mark getters derived from other properties with @JsonIgnore");
        }
    }
}
