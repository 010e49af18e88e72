package dev.rpc.core.serialization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.rpc.core.service.MethodDescriptor;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORMapper;
import tools.jackson.dataformat.smile.SmileFactory;
import tools.jackson.dataformat.smile.SmileMapper;
import tools.jackson.dataformat.smile.SmileWriteFeature;

/**
 * Jackson 3 serialization in JSON, Smile or CBOR, driven by each method's generic signature.
 *
 * <p>Safe by default: no default typing, and a polymorphic type validator that refuses every class
 * name, so even a type annotated {@code @JsonTypeInfo(use = CLASS)} cannot make the payload pick a class.
 * Unknown properties are ignored, so a newer peer may add fields. Jackson's read constraints bound
 * nesting depth and string, number and document lengths; a body that breaks them fails to decode like
 * any other malformed body. So does a body with text that is not well-formed UTF-8 (an overlong form, a
 * surrogate, a truncated sequence, or in JSON an escape of an unpaired surrogate), in every format:
 * Jackson 3 has no read feature that refuses all of these, so {@link Utf8Validator} checks each body first.
 *
 * <p>The application's own Jackson settings (a module, a custom serializer, a naming strategy) are added with
 * {@link #builder()} and {@link MapperCustomizer}s; the rules above hold whatever they do:
 *
 * <pre>{@code
 * SerializationProvider serialization = JacksonSerialization.builder()
 *         .customizer((format, builder) -> builder.addModule(new MoneyModule()))
 *         .build();
 * RpcClientOptions.builder().serialization(serialization)...
 * }</pre>
 */
public final class JacksonSerialization implements Serialization {

    /** Default limit on nesting depth of a decoded value. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 200;

    private static final PolymorphicTypeValidator DENY_ALL = new DenyAllTypeValidator();

    private final SerializationFormat format;

    private final ObjectMapper mapper;

    private final Utf8Validator text;

    private final ClassNameTypeIdCheck typeIds;

    private JacksonSerialization(SerializationFormat format, ObjectMapper mapper, int maxNestingDepth) {
        this.format = format;
        this.mapper = mapper;
        this.text = new Utf8Validator(format, maxNestingDepth);
        this.typeIds = new ClassNameTypeIdCheck(mapper);
    }

    /** Returns the serialization for a format with default read constraints. */
    public static JacksonSerialization of(SerializationFormat format) {
        return of(format, defaultConstraints());
    }

    /** Returns the serialization for a format with the given read constraints. */
    public static JacksonSerialization of(SerializationFormat format, StreamReadConstraints constraints) {
        return create(format, List.of(), constraints);
    }

    /** Returns a builder of serializations with mapper customizers, for {@code RpcClientOptions} and {@code RpcServerOptions}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns rpc-core's read constraints: Jackson's own, with a nesting depth of {@value #DEFAULT_MAX_NESTING_DEPTH}. */
    public static StreamReadConstraints defaultConstraints() {
        // the builder starts from Jackson's constants, never from defaults another library may have overridden
        return StreamReadConstraints.builder().maxNestingDepth(DEFAULT_MAX_NESTING_DEPTH).build();
    }

    private static JacksonSerialization create(SerializationFormat format, List<MapperCustomizer> customizers,
            StreamReadConstraints constraints) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(constraints, "constraints");
        MapperBuilder<?, ?> builder = switch (format) {
            case JSON -> JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints)
                    .recyclerPool(ThreadAffineRecyclerPool.INSTANCE).build());
            case SMILE -> SmileMapper.builder(SmileFactory.builder().streamReadConstraints(constraints)
                    .recyclerPool(ThreadAffineRecyclerPool.INSTANCE).build());
            case CBOR -> CBORMapper.builder(CBORFactory.builder().streamReadConstraints(constraints)
                    .recyclerPool(ThreadAffineRecyclerPool.INSTANCE).build());
        };
        configure(builder);
        for (MapperCustomizer customizer : customizers) {
            customizer.customize(format, builder);
            requireSafe(builder, format, customizer);
        }
        requireForCalls(builder);
        ObjectMapper mapper = builder.build();
        if (!constraints.equals(mapper.tokenStreamFactory().streamReadConstraints())) {
            throw new IllegalStateException("the " + format + " mapper does not read with the constraints it was built with");
        }
        return new JacksonSerialization(format, mapper, constraints.getMaxNestingDepth());
    }

    private static void configure(MapperBuilder<?, ?> builder) {
        if (builder instanceof SmileMapper.Builder smile) {
            // a byte[] as its raw bytes (frames are length-prefixed), not 7-bit groups 8/7 of its size
            smile.disable(SmileWriteFeature.ENCODE_BINARY_AS_7BIT);
        }
        builder
                .polymorphicTypeValidator(DENY_ALL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // a primitive record component or field that the writer's version lacks (or sends as null, from a
                // wrapper type) arrives as 0 or false rather than failing; a null primitive argument still fails
                .withAllConfigOverrides(overrides -> List.of(boolean.class, char.class, byte.class, short.class, int.class,
                        long.class, float.class, double.class).forEach(primitive -> overrides.findOrCreateOverride(primitive)
                        .setNullHandling(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY))))
                // an unknown enum constant reads as the one annotated @JsonEnumDefaultValue, if the enum has one
                .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                // java.time values as ISO-8601 text (timestamps pinned off), exactly as sent: a ZonedDateTime keeps its
                // zone id ("...+01:00[Europe/Paris]"), and no date-time is moved to UTC, the context zone, when read
                .enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID)
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS, DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        requireForCalls(builder);
    }

    /** The settings calls depend on, applied before the customizers and again after them. */
    private static void requireForCalls(MapperBuilder<?, ?> builder) {
        builder
                // each argument is read from the middle of the arguments array, so the tokens after it are the
                // next argument or the array's end; the method serializer checks for real trailing data itself
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .addMixIn(Throwable.class, ThrowableMixIn.class);
    }

    /**
     * Refuses a customizer that would let a payload choose a class, naming it: one that activated default typing
     * (type information on every value of the kinds it covers), or replaced the validator that refuses class names.
     */
    private static void requireSafe(MapperBuilder<?, ?> builder, SerializationFormat format, MapperCustomizer customizer) {
        if (builder.baseSettings().getDefaultTyper() != null) {
            throw new UnsafeSerializationException("The serialization customizer " + customizer + " activated default "
                    + "typing on the " + format + " mapper (activateDefaultTyping, activateDefaultTypingAsProperty or "
                    + "setDefaultTyping), which would let a payload name the Java class to create. Remove it: a value is "
                    + "read as the type its method declares; for a polymorphic type use @JsonTypeInfo(use = Id.NAME) "
                    + "with @JsonSubTypes");
        }
        if (builder.baseSettings().getPolymorphicTypeValidator() != DENY_ALL) {
            throw new UnsafeSerializationException("The serialization customizer " + customizer + " replaced the "
                    + "polymorphic type validator of the " + format + " mapper, which refuses every class name a payload "
                    + "gives. Remove the call to polymorphicTypeValidator(...): type information by name "
                    + "(@JsonTypeInfo(use = Id.NAME)) needs no validator");
        }
    }

    @Override
    public SerializationFormat format() {
        return format;
    }

    /** Returns the mapper, for tests and tools; do not reconfigure it. */
    ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public MethodSerializer forMethod(MethodDescriptor method) {
        typeIds.requireNoClassNames(method);
        return new JacksonMethodSerializer(mapper, method, text);
    }

    /**
     * Returns the serializer of a method without the check of {@link #forMethod}, for the tests that prove the
     * validator refuses class names on its own.
     */
    MethodSerializer forMethodUnchecked(MethodDescriptor method) {
        return new JacksonMethodSerializer(mapper, method, text);
    }

    /**
     * Builds a {@link SerializationProvider} of Jackson serializations with the application's mapper customizers.
     * Not thread-safe; the provider it builds is, and creates each format's serialization once, when first asked.
     */
    public static final class Builder {

        private final List<MapperCustomizer> customizers = new ArrayList<>();

        private StreamReadConstraints constraints = defaultConstraints();

        private Builder() {
        }

        /**
         * Adds a customizer of every format's mapper builder, run after those added before.
         * @see MapperCustomizer for what a customizer may and may not change
         */
        public Builder customizer(MapperCustomizer customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        /** Adds customizers, in order; see {@link #customizer(MapperCustomizer)}. */
        public Builder customizers(Collection<? extends MapperCustomizer> customizers) {
            customizers.forEach(this::customizer);
            return this;
        }

        /**
         * Sets the read constraints of every format: nesting depth, lengths of strings, numbers, names and the
         * body. The only way to change them; a customizer cannot. Default {@link #defaultConstraints()}; raising
         * them lets a peer make this side spend more memory and time on one body (the frame limit still bounds
         * its size).
         */
        public Builder streamReadConstraints(StreamReadConstraints constraints) {
            this.constraints = Objects.requireNonNull(constraints, "constraints");
            return this;
        }

        /**
         * Returns the provider. Each format's mapper is built and checked when the format is first asked for,
         * that is when a client or server is created.
         */
        public SerializationProvider build() {
            return new CachingProvider(List.copyOf(customizers), constraints);
        }
    }

    /** Creates each format's serialization once and keeps it. */
    private static final class CachingProvider implements SerializationProvider {

        private final List<MapperCustomizer> customizers;

        private final StreamReadConstraints constraints;

        private final Map<SerializationFormat, JacksonSerialization> created = new ConcurrentHashMap<>();

        CachingProvider(List<MapperCustomizer> customizers, StreamReadConstraints constraints) {
            this.customizers = customizers;
            this.constraints = constraints;
        }

        @Override
        public Serialization get(SerializationFormat format) {
            return created.computeIfAbsent(format, key -> create(key, customizers, constraints));
        }

        @Override
        public String toString() {
            return "JacksonSerialization(customizers " + customizers + ")";
        }
    }

    /**
     * Refuses every class name a payload gives, before Jackson resolves it. A validator that refuses only
     * the resolved subtype (as an empty {@code BasicPolymorphicTypeValidator} does) still lets the payload
     * make Jackson load and initialise the named class, running its static initialiser.
     */
    private static final class DenyAllTypeValidator extends PolymorphicTypeValidator.Base {

        private static final long serialVersionUID = 1L;

        @Override
        public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
            return Validity.DENIED;
        }

        @Override
        public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
            return Validity.DENIED;
        }
    }

    /** Exceptions travel as their own properties only: no stack trace, no cause, no class names. */
    @JsonIgnoreProperties(value = { "stackTrace", "suppressed", "localizedMessage", "cause" }, ignoreUnknown = true)
    private abstract static class ThrowableMixIn {
    }
}
