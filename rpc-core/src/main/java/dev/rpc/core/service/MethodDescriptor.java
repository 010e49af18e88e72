package dev.rpc.core.service;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

/**
 * One remote method of a service interface, resolved once: its wire id, its generic parameter and
 * result types, and the exceptions it declares. Both client and server build descriptors from the
 * same interface, so both derive the same ids.
 *
 * <p>The {@link #method() method} may be declared by an interface the service interface extends; its
 * {@link #parameterTypes() parameter} and {@link #resultType() result} types are then resolved against the
 * service interface ({@code List<Order>} for the {@code List<T>} of {@code CrudService<Order, UUID>}),
 * while its {@link #signature() signature}, and so its id, stays that of the declaration
 * ({@code find(java.lang.Object)}). Immutable and thread-safe.
 */
public final class MethodDescriptor {

    private final ServiceDescriptor service;

    private final Method method;

    private final String signature;

    private final int id;

    private final Type[] parameterTypes;

    private final Type resultType;

    private final boolean futureResult;

    private final List<Class<?>> declaredExceptions;

    MethodDescriptor(ServiceDescriptor service, Method method, String signature, Type[] parameterTypes,
            Type resultType, boolean futureResult, List<Class<?>> declaredExceptions) {
        this.service = service;
        this.method = method;
        this.signature = signature;
        this.id = dev.rpc.core.protocol.Protocol.fnv1a32(signature);
        this.parameterTypes = parameterTypes;
        this.resultType = resultType;
        this.futureResult = futureResult;
        this.declaredExceptions = declaredExceptions;
    }

    /** Returns the service this method belongs to. */
    public ServiceDescriptor service() {
        return service;
    }

    /** Returns the interface method, declared by the service interface or by one it extends. */
    public Method method() {
        return method;
    }

    /** Returns the signature the id is derived from, e.g. {@code reserve(java.lang.String,int)}. */
    public String signature() {
        return signature;
    }

    /** Returns the method id sent on the wire: FNV-1a 32 of {@link #signature()}. */
    public int id() {
        return id;
    }

    /** Returns the method name. */
    public String name() {
        return method.getName();
    }

    /** Returns the generic parameter types, with the type variables the service interface binds resolved. */
    public Type[] parameterTypes() {
        return parameterTypes.clone();
    }

    /** Returns the number of parameters. */
    public int parameterCount() {
        return parameterTypes.length;
    }

    /**
     * Returns the type of the value the caller receives: the return type, or {@code T} of
     * {@code CompletableFuture<T>}, with the type variables the service interface binds resolved.
     */
    public Type resultType() {
        return resultType;
    }

    /** Returns whether the result is {@code void} (or {@code CompletableFuture<Void>}), i.e. the body of a reply is empty. */
    public boolean voidResult() {
        return resultType == void.class || resultType == Void.class;
    }

    /** Returns whether the method returns {@code CompletableFuture<T>}. */
    public boolean futureResult() {
        return futureResult;
    }

    /** Returns the checked and unchecked exception types in the method's {@code throws} clause, in order. */
    public List<Class<?>> declaredExceptions() {
        return declaredExceptions;
    }

    /**
     * Returns the index in the {@code throws} clause of the most specific declared type the exception is an
     * instance of, so that with {@code throws OrderException, PaymentDeclinedException} (the second extending
     * the first) a {@code PaymentDeclinedException} travels as itself whatever the order of the clause.
     * @return the index, or -1 if the method does not declare it
     */
    public int declaredExceptionIndex(Throwable exception) {
        int found = -1;
        for (int i = 0; i < declaredExceptions.size(); i++) {
            Class<?> candidate = declaredExceptions.get(i);
            if (candidate.isInstance(exception) && (found < 0 || declaredExceptions.get(found).isAssignableFrom(candidate))) {
                found = i;
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return service.name() + "." + signature;
    }
}
