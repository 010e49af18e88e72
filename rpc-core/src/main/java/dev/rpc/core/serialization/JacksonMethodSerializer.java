package dev.rpc.core.serialization;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;

import dev.rpc.core.service.MethodDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The Jackson readers and writers of one method, resolved once from its generic signature. Arguments
 * travel as an array whose elements are read each as its own parameter type.
 *
 * <p>A body is checked for malformed UTF-8 before it is read (see {@link Utf8Validator}). The messages of the
 * {@link SerializationException}s it throws are stable and short, fit to send to the peer that sent the body:
 * they say where and what, never Jackson's own words, which may name its internals; those stay in the cause.
 */
final class JacksonMethodSerializer implements MethodSerializer {

    private final ObjectMapper mapper;

    private final MethodDescriptor method;

    private final Utf8Validator text;

    private final ObjectReader[] argumentReaders;

    private final ObjectWriter[] argumentWriters;

    private final ObjectReader resultReader;

    private final ObjectWriter resultWriter;

    private final DeclaredExceptionCodec[] exceptionCodecs;

    JacksonMethodSerializer(ObjectMapper mapper, MethodDescriptor method, Utf8Validator text) {
        this.mapper = mapper;
        this.method = method;
        this.text = text;
        Type[] parameters = method.parameterTypes();
        this.argumentReaders = new ObjectReader[parameters.length];
        this.argumentWriters = new ObjectWriter[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            JavaType type = mapper.constructType(parameters[i]);
            argumentReaders[i] = mapper.readerFor(type);
            argumentWriters[i] = mapper.writerFor(type);
        }
        if (method.voidResult()) {
            this.resultReader = null;
            this.resultWriter = null;
        }
        else {
            JavaType result = mapper.constructType(method.resultType());
            this.resultReader = mapper.readerFor(result);
            this.resultWriter = mapper.writerFor(result);
        }
        List<Class<?>> exceptions = method.declaredExceptions();
        this.exceptionCodecs = new DeclaredExceptionCodec[exceptions.size()];
        for (int i = 0; i < exceptions.size(); i++) {
            try {
                exceptionCodecs[i] = new DeclaredExceptionCodec(mapper, exceptions.get(i));
            }
            catch (IllegalArgumentException ex) {
                throw new UnsupportedTypeException(method + " declares " + exceptions.get(i).getName()
                        + ", which cannot travel: " + ex.getMessage(), ex);
            }
        }
    }

    @Override
    public void writeArguments(Object[] arguments, ByteBuf out) {
        int count = arguments == null ? 0 : arguments.length;
        if (count != argumentWriters.length) {
            throw new SerializationException(method + " takes " + argumentWriters.length + " arguments, not " + count, null);
        }
        try (JsonGenerator generator = mapper.createGenerator((OutputStream) new ByteBufOutputStream(out))) {
            generator.writeStartArray();
            for (int i = 0; i < count; i++) {
                argumentWriters[i].writeValue(generator, arguments[i]);
            }
            generator.writeEndArray();
        }
        catch (JacksonException ex) {
            throw new SerializationException("cannot encode the arguments of " + method + ": " + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public Object[] readArguments(ByteBuf in) {
        requireWellFormedText(in, "arguments");
        Object[] arguments = new Object[argumentReaders.length];
        int current = -1;
        try (JsonParser parser = mapper.createParser((InputStream) new ByteBufInputStream(in))) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new SerializationException("the arguments of " + method + " must be an array", null);
            }
            for (int i = 0; i < arguments.length; i++) {
                if (parser.nextToken() == JsonToken.END_ARRAY) {
                    throw wrongArgumentCount(i);
                }
                current = i;
                arguments[i] = argumentReaders[i].readValue(parser);
                current = -1;
            }
            if (parser.nextToken() != JsonToken.END_ARRAY) {
                throw new SerializationException(method + " takes " + arguments.length + " arguments; the array has more", null);
            }
            if (!atEndOfInput(parser)) {
                throw new SerializationException("trailing data after the arguments of " + method, null);
            }
            return arguments;
        }
        catch (JacksonException ex) {
            String subject = current < 0 ? "a value" : "argument " + (current + 1);
            Type declared = current < 0 ? null : method.parameterTypes()[current];
            throw new SerializationException("cannot decode the arguments of " + method + ": "
                    + describe(ex, subject, declared), ex);
        }
    }

    /**
     * Returns whether the parser has reached the end of its input. A {@code null} token alone does not
     * say so: a Smile parser also returns {@code null} at a document boundary (a Smile header in the
     * middle of the input), with more documents after it; only a parser that hit the end is closed.
     */
    private static boolean atEndOfInput(JsonParser parser) {
        return parser.nextToken() == null && parser.isClosed();
    }

    private SerializationException wrongArgumentCount(int found) {
        return new SerializationException(method + " takes " + argumentReaders.length + " arguments; the array has " + found, null);
    }

    @Override
    public void writeResult(Object result, ByteBuf out) {
        if (resultWriter == null) {
            return;
        }
        write(resultWriter, result, out, "result");
    }

    @Override
    public Object readResult(ByteBuf in) {
        if (resultReader == null) {
            return null;
        }
        return read(resultReader, in, "result");
    }

    @Override
    public void writeException(int declaredIndex, Throwable exception, ByteBuf out) {
        DeclaredExceptionCodec codec = exceptionCodec(declaredIndex);
        try (JsonGenerator generator = mapper.createGenerator((OutputStream) new ByteBufOutputStream(out))) {
            codec.write(exception, generator);
        }
        catch (JacksonException ex) {
            throw new SerializationException("cannot encode the exception of " + method + ": " + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public Throwable readException(int declaredIndex, ByteBuf in) {
        DeclaredExceptionCodec codec = exceptionCodec(declaredIndex);
        requireWellFormedText(in, "exception");
        try (JsonParser parser = mapper.createParser((InputStream) new ByteBufInputStream(in))) {
            if (parser.nextToken() == null) {
                throw new SerializationException("empty exception of " + method, null);
            }
            Throwable exception = codec.read(parser);
            if (!atEndOfInput(parser)) {
                throw new SerializationException("trailing data after the exception of " + method, null);
            }
            return exception;
        }
        catch (JacksonException ex) {
            throw new SerializationException("cannot decode the exception of " + method + ": "
                    + describe(ex, "the exception", method.declaredExceptions().get(declaredIndex)), ex);
        }
    }

    private DeclaredExceptionCodec exceptionCodec(int declaredIndex) {
        if (declaredIndex < 0 || declaredIndex >= exceptionCodecs.length) {
            throw new SerializationException(method + " declares no exception at index " + declaredIndex, null);
        }
        return exceptionCodecs[declaredIndex];
    }

    private void write(ObjectWriter writer, Object value, ByteBuf out, String what) {
        try (JsonGenerator generator = mapper.createGenerator((OutputStream) new ByteBufOutputStream(out))) {
            writer.writeValue(generator, value);
        }
        catch (JacksonException ex) {
            throw new SerializationException("cannot encode the " + what + " of " + method + ": " + ex.getOriginalMessage(), ex);
        }
    }

    private Object read(ObjectReader reader, ByteBuf in, String what) {
        requireWellFormedText(in, what);
        try (JsonParser parser = mapper.createParser((InputStream) new ByteBufInputStream(in))) {
            if (parser.nextToken() == null) {
                throw new SerializationException("empty " + what + " of " + method, null);
            }
            Object value = reader.readValue(parser);
            if (!atEndOfInput(parser)) {
                throw new SerializationException("trailing data after the " + what + " of " + method, null);
            }
            return value;
        }
        catch (JacksonException ex) {
            throw new SerializationException("cannot decode the " + what + " of " + method + ": "
                    + describe(ex, "the " + what, method.resultType()), ex);
        }
    }

    private void requireWellFormedText(ByteBuf in, String what) {
        String problem = text.problem(in);
        if (problem != null) {
            throw new SerializationException("cannot decode the " + what + " of " + method + ": " + problem, null);
        }
    }

    /**
     * Says what went wrong in stable words: the kind of failure, where, and the Java type expected. Never
     * Jackson's message, which may quote its own classes and settings.
     * @param subject what was being read, such as {@code argument 2}
     * @param declared the type {@code subject} is declared as, or {@code null}
     */
    private static String describe(JacksonException ex, String subject, Type declared) {
        if (ex instanceof StreamConstraintsException) {
            return "it exceeds a read limit (nesting depth, or length of a string, a number or the body)";
        }
        if (ex instanceof InvalidDefinitionException) {
            return subject + " has a type that cannot be read (a problem of the receiving side)";
        }
        if (ex instanceof DatabindException) {
            String at = path(ex);
            String type = "its declared type";
            if (at.isEmpty() && declared != null) {
                type = declared.getTypeName();
            }
            else if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                type = mismatch.getTargetType().getTypeName();
            }
            return subject + (at.isEmpty() ? "" : " at " + at) + " cannot be read as " + type + rejectedValue(ex);
        }
        if (ex instanceof StreamReadException) {
            return "the body is malformed";
        }
        return "the body cannot be read";
    }

    /** Returns {@code  from "URGENT"} for a scalar Jackson could not convert, the sender's own value, cut short. */
    private static String rejectedValue(JacksonException ex) {
        if (ex instanceof InvalidFormatException invalid) {
            Object value = invalid.getValue();
            if (value instanceof String text) {
                return " from \"" + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "\"";
            }
            if (value instanceof Number || value instanceof Boolean) {
                String text = String.valueOf(value);
                return " from " + (text.length() > 64 ? text.substring(0, 64) + "..." : text);
            }
        }
        return "";
    }

    /** Returns Jackson's path to the failing value as {@code items[2].sku}, or empty at the top. */
    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() > 200 ? path.substring(0, 200) + "..." : path.toString();
    }
}
