package dev.rpc.core.serialization;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.rpc.core.service.MethodDescriptor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.BeanPropertyDefinition;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.impl.ClassNameIdResolver;

/**
 * Refuses, when a method is resolved, a signature that would let a payload name a Java class: type information
 * with class names ({@code @JsonTypeInfo(use = Id.CLASS)} or {@code Id.MINIMAL_CLASS}, or an id resolver built on
 * class names) on a type or on a property, whether written in the class or added by a mix-in or a module, anywhere
 * in the types the method takes, returns or declares, their properties, elements and named subtypes.
 *
 * <p>The mapper's validator refuses every class name a payload gives anyway, so such a method could never be
 * called; this check says so when the proxy is created or the service exported, naming the type and where it is
 * reached from, instead of failing each call. Types proven clean are remembered, so each is walked once per mapper.
 */
final class ClassNameTypeIdCheck {

    private final ObjectMapper mapper;

    private final Set<JavaType> verified = ConcurrentHashMap.newKeySet();

    ClassNameTypeIdCheck(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Checks every type of a method's signature.
     * @throws UnsafeSerializationException naming the method, the type, the path to it and what to change
     */
    void requireNoClassNames(MethodDescriptor method) {
        Type[] parameters = method.parameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            require(method, "argument " + (i + 1), parameters[i]);
        }
        if (!method.voidResult()) {
            require(method, "result", method.resultType());
        }
        for (Class<?> exception : method.declaredExceptions()) {
            require(method, "declared exception", exception);
        }
    }

    private void require(MethodDescriptor method, String role, Type type) {
        DeserializationContext context = mapper._deserializationContext();
        Set<JavaType> visited = new HashSet<>();
        String problem = visit(context, mapper.constructType(type), "", visited);
        if (problem != null) {
            throw new UnsafeSerializationException(method + ": its " + role + " (" + type.getTypeName() + ") " + problem
                    + ", which would let a payload name the Java class to create; rpc-core never lets it, so no call "
                    + "could succeed. Use @JsonTypeInfo(use = Id.NAME) with @JsonSubTypes, or remove the type "
                    + "information (look at mix-ins and modules added by serialization customizers too)");
        }
        verified.addAll(visited);
    }

    /** Returns what lets a payload name a class, reached from {@code path}, or {@code null} if nothing does. */
    private String visit(DeserializationContext context, JavaType type, String path, Set<JavaType> visited) {
        if (verified.contains(type) || !visited.add(type)) {
            return null;
        }
        try {
            TypeDeserializer typeInfo = context.findTypeDeserializer(type);
            if (namesClasses(typeInfo)) {
                return "reaches " + type.getRawClass().getName() + at(path) + ", whose type information "
                        + mechanism(typeInfo);
            }
            if (type.getKeyType() != null) {
                String problem = visit(context, type.getKeyType(), path + "{key}", visited);
                if (problem != null) {
                    return problem;
                }
            }
            if (type.getContentType() != null) {
                return visit(context, type.getContentType(), path + "[]", visited);
            }
            if (!isBean(type)) {
                return null;
            }
            BeanDescription description = context.introspectBeanDescription(type);
            if (typeInfo != null) {
                String problem = visitSubtypes(context, type, description, path, visited);
                if (problem != null) {
                    return problem;
                }
            }
            for (BeanPropertyDefinition property : description.findProperties()) {
                String problem = visitProperty(context, type, property, path, visited);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        catch (JacksonException ex) {
            // a type Jackson cannot introspect fails when its readers are made, with Jackson's own explanation
            return null;
        }
    }

    private String visitSubtypes(DeserializationContext context, JavaType type, BeanDescription description, String path,
            Set<JavaType> visited) {
        DeserializationConfig config = context.getConfig();
        Collection<NamedType> subtypes = config.getSubtypeResolver()
                .collectAndResolveSubtypesByClass(config, description.getClassInfo());
        for (NamedType subtype : subtypes) {
            if (subtype.getType() != type.getRawClass()) {
                String problem = visit(context, context.constructType(subtype.getType()),
                        path + "(as " + subtype.getType().getSimpleName() + ")", visited);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private String visitProperty(DeserializationContext context, JavaType owner, BeanPropertyDefinition property,
            String path, Set<JavaType> visited) {
        JavaType type = property.getPrimaryType();
        String propertyPath = path + "." + property.getName();
        for (AnnotatedMember member : new AnnotatedMember[] { property.getGetter(), property.getSetter(),
                property.getField(), property.getConstructorParameter() }) {
            if (member == null) {
                continue;
            }
            TypeDeserializer typeInfo = type.getContentType() != null
                    ? context.findPropertyContentTypeDeserializer(type, member)
                    : context.findPropertyTypeDeserializer(type, member);
            if (namesClasses(typeInfo)) {
                return "reaches the property '" + property.getName() + "' of " + owner.getRawClass().getName()
                        + at(path) + ", whose type information " + mechanism(typeInfo);
            }
        }
        return visit(context, type, propertyPath, visited);
    }

    private static boolean namesClasses(TypeDeserializer typeInfo) {
        if (typeInfo == null) {
            return false;
        }
        TypeIdResolver resolver = typeInfo.getTypeIdResolver();
        return resolver instanceof ClassNameIdResolver || resolver.getMechanism() == JsonTypeInfo.Id.CLASS
                || resolver.getMechanism() == JsonTypeInfo.Id.MINIMAL_CLASS;
    }

    private static String mechanism(TypeDeserializer typeInfo) {
        JsonTypeInfo.Id id = typeInfo.getTypeIdResolver().getMechanism();
        return id == JsonTypeInfo.Id.CUSTOM ? "uses an id resolver based on class names ("
                + typeInfo.getTypeIdResolver().getClass().getName() + ")" : "uses class names (@JsonTypeInfo(use = Id." + id + "))";
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : " at " + path;
    }

    /** Whether the type's properties are worth walking: not a JDK, Jackson or primitive type, not an enum. */
    private static boolean isBean(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw.isPrimitive() || raw.isEnum() || raw.isArray() || raw == Object.class
                || JsonNode.class.isAssignableFrom(raw)) {
            return false;
        }
        String name = raw.getName();
        return !(name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("tools.jackson."));
    }
}
