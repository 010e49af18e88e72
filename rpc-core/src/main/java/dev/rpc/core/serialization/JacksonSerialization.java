package dev.rpc.core.serialization;

import java.util.List;
import java.util.Objects;

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
 */
public final class JacksonSerialization implements Serialization {

    /** Default limit on nesting depth of a decoded value. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 200;

    private final SerializationFormat format;

    private final ObjectMapper mapper;

    private final Utf8Validator text;

    private JacksonSerialization(SerializationFormat format, ObjectMapper mapper, int maxNestingDepth) {
        this.format = format;
        this.mapper = mapper;
        this.text = new Utf8Validator(format, maxNestingDepth);
    }

    /** Returns the serialization for a format with default read constraints. */
    public static JacksonSerialization of(SerializationFormat format) {
        return of(format, StreamReadConstraints.builder().maxNestingDepth(DEFAULT_MAX_NESTING_DEPTH).build());
    }

    /** Returns the serialization for a format with the given read constraints. */
    public static JacksonSerialization of(SerializationFormat format, StreamReadConstraints constraints) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(constraints, "constraints");
        ObjectMapper mapper = switch (format) {
            case JSON -> configure(JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints)
                    .recyclerPool(ThreadAffineRecyclerPool.INSTANCE).build()));
            case SMILE -> configure(SmileMapper.builder(SmileFactory.builder().streamReadConstraints(constraints)
                    .recyclerPool(ThreadAffineRecyclerPool.INSTANCE).build()));
            case CBOR -> configure(CBORMapper.builder(CBORFactory.builder().streamReadConstraints(constraints)
                    .recyclerPool(ThreadAffineRecyclerPool.INSTANCE).build()));
        };
        return new JacksonSerialization(format, mapper, constraints.getMaxNestingDepth());
    }

    private static ObjectMapper configure(MapperBuilder<?, ?> builder) {
        if (builder instanceof SmileMapper.Builder smile) {
            // a byte[] as its raw bytes (frames are length-prefixed), not 7-bit groups 8/7 of its size
            smile.disable(SmileWriteFeature.ENCODE_BINARY_AS_7BIT);
        }
        return builder
                .polymorphicTypeValidator(new DenyAllTypeValidator())
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
                // each argument is read from the middle of the arguments array, so the tokens after it are the
                // next argument or the array's end; the method serializer checks for real trailing data itself
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addMixIn(Throwable.class, ThrowableMixIn.class)
                .build();
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
        return new JacksonMethodSerializer(mapper, method, text);
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
