package dev.rpc.core.serialization;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The constructor (or static factory) that rebuilds a declared exception from the properties it was sent
 * with, chosen once per type, the way Jackson chooses a creator for any value type:
 * <ol>
 * <li>the one constructor or static factory annotated {@code @JsonCreator};
 * <li>otherwise the public constructor that takes the most parameters, all named after properties the
 * exception exposes ({@code message} included); names come from {@code @JsonProperty} or from the names
 * {@code javac -parameters} keeps;
 * <li>a public no-argument constructor being the constructor with no parameters.
 * </ol>
 * A lone {@code String} parameter is never taken for the message because of its type: it is the message
 * only if it is named {@code message}. The one exception are the JDK's own exception classes, compiled
 * without parameter names, whose {@code (String)} constructor takes the message as their Javadoc specifies.
 */
final class ExceptionCreator {

    private static final String MESSAGE = "message";

    private final Executable executable;

    private final List<String> parameterNames;

    private ExceptionCreator(Executable executable, List<String> parameterNames) {
        this.executable = executable;
        this.parameterNames = List.copyOf(parameterNames);
    }

    /**
     * Finds the creator of an exception type.
     * @param type the declared exception type
     * @param properties the names of the properties the exception is sent with
     * @throws IllegalArgumentException naming the type and how to make it rebuildable, when there is none
     */
    static ExceptionCreator find(Class<?> type, Set<String> properties) {
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(type.getName() + " is abstract, so the caller cannot rebuild it; declare "
                    + "the concrete exception types the method throws");
        }
        List<Executable> annotated = annotatedCreators(type);
        if (annotated.size() > 1) {
            throw new IllegalArgumentException(type.getName() + " has several @JsonCreator constructors or factories "
                    + annotated + "; annotate one");
        }
        if (annotated.size() == 1) {
            Executable creator = annotated.get(0);
            List<String> names = new ArrayList<>();
            for (Parameter parameter : creator.getParameters()) {
                String name = nameOf(parameter);
                if (name == null || !properties.contains(name)) {
                    throw new IllegalArgumentException(type.getName() + "'s @JsonCreator " + creator + " takes the parameter '"
                            + (name == null ? parameter.getName() : name) + "', which is not a property the exception "
                            + "exposes " + properties + "; " + howToName());
                }
                names.add(name);
            }
            return accessible(new ExceptionCreator(creator, names));
        }
        ExceptionCreator best = null;
        for (Constructor<?> constructor : type.getConstructors()) {
            List<String> names = propertyNames(constructor, properties);
            if (names == null) {
                continue;
            }
            if (best == null || names.size() > best.parameterNames.size()) {
                best = new ExceptionCreator(constructor, names);
            }
            else if (names.size() == best.parameterNames.size()) {
                throw new IllegalArgumentException(type.getName() + " has two constructors that take the same number of "
                        + "its properties, " + best.executable + " and " + constructor + "; annotate the one to use "
                        + "with @JsonCreator");
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(type.getName() + " cannot be rebuilt by the caller: none of its public "
                    + "constructors takes only parameters named after the properties it exposes " + properties
                    + ". Add a constructor whose parameters are named after its getters (e.g. (String reason) with "
                    + "getReason()), a public no-argument constructor with setters, or annotate a constructor with "
                    + "@JsonCreator; " + howToName());
        }
        return accessible(best);
    }

    /** Returns the property names the creator's parameters take, in order. */
    List<String> parameterNames() {
        return parameterNames;
    }

    /** Returns the generic types of the creator's parameters, in order. */
    Type[] parameterTypes() {
        return executable.getGenericParameterTypes();
    }

    /**
     * Creates an instance.
     * @throws SerializationException if the creator throws
     */
    Throwable create(Object[] arguments) {
        try {
            Object created = executable instanceof Constructor<?> constructor ? constructor.newInstance(arguments)
                    : ((Method) executable).invoke(null, arguments);
            return (Throwable) created;
        }
        catch (InvocationTargetException ex) {
            throw new SerializationException(executable + " threw " + ex.getCause(), ex.getCause());
        }
        catch (ReflectiveOperationException | IllegalArgumentException | ClassCastException ex) {
            throw new SerializationException("cannot call " + executable + ": " + ex, ex);
        }
    }

    @Override
    public String toString() {
        return executable.toString();
    }

    private static List<Executable> annotatedCreators(Class<?> type) {
        List<Executable> creators = new ArrayList<>();
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (isCreator(constructor)) {
                creators.add(constructor);
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && type.isAssignableFrom(method.getReturnType())
                    && isCreator(method)) {
                creators.add(method);
            }
        }
        return creators;
    }

    private static boolean isCreator(Executable executable) {
        JsonCreator creator = executable.getAnnotation(JsonCreator.class);
        return creator != null && creator.mode() != JsonCreator.Mode.DISABLED;
    }

    /** Returns the property names of a constructor's parameters, or {@code null} if one names no property. */
    private static List<String> propertyNames(Constructor<?> constructor, Set<String> properties) {
        if (isJdkMessageConstructor(constructor)) {
            return List.of(MESSAGE);
        }
        List<String> names = new ArrayList<>();
        for (Parameter parameter : constructor.getParameters()) {
            String name = nameOf(parameter);
            if (name == null || !properties.contains(name)) {
                return null;
            }
            names.add(name);
        }
        return new HashSet<>(names).size() == names.size() ? names : null;
    }

    private static boolean isJdkMessageConstructor(Constructor<?> constructor) {
        String module = constructor.getDeclaringClass().getModule().getName();
        return module != null && (module.startsWith("java.") || module.startsWith("jdk."))
                && Arrays.equals(constructor.getParameterTypes(), new Class<?>[] { String.class })
                && !constructor.getParameters()[0].isNamePresent();
    }

    private static String nameOf(Parameter parameter) {
        JsonProperty property = parameter.getAnnotation(JsonProperty.class);
        if (property != null && !property.value().isEmpty()) {
            return property.value();
        }
        return parameter.isNamePresent() ? parameter.getName() : null;
    }

    private static ExceptionCreator accessible(ExceptionCreator creator) {
        try {
            creator.executable.setAccessible(true);
        }
        catch (RuntimeException ex) {
            throw new IllegalArgumentException("cannot call " + creator.executable + ": " + ex.getMessage()
                    + "; open its package to the framework", ex);
        }
        return creator;
    }

    private static String howToName() {
        return "parameter names come from @JsonProperty(\"name\") or from compiling with javac -parameters "
                + "(Spring Boot's build plugins do)";
    }
}
