package dev.rpc.core.serialization;

import tools.jackson.databind.cfg.MapperBuilder;

/**
 * Adjusts the Jackson mapper of one serialization format before it is built: registers a module, a custom
 * serializer for a value type, a naming strategy, a mix-in. Given to
 * {@link JacksonSerialization.Builder#customizer(MapperCustomizer)}.
 *
 * <p>Customizers run after rpc-core's own settings, in the order they were added, so they may change those
 * settings (both sides of a call must then agree, as for any other setting that changes the wire form).
 * The safety rules are not theirs to change: a customizer that activates default typing or replaces the
 * polymorphic type validator is refused with an {@link UnsafeSerializationException} naming it, the settings
 * that calls depend on are applied again after it, and the read constraints are those of
 * {@link JacksonSerialization.Builder#streamReadConstraints}, whatever it does.
 */
@FunctionalInterface
public interface MapperCustomizer {

    /**
     * Customizes the builder of one format's mapper.
     * @param format the format the mapper reads and writes
     * @param builder the builder: a {@code JsonMapper.Builder}, {@code SmileMapper.Builder} or
     *        {@code CBORMapper.Builder}, as the format says
     */
    void customize(SerializationFormat format, MapperBuilder<?, ?> builder);
}
