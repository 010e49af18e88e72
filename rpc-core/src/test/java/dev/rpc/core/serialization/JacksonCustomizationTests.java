package dev.rpc.core.serialization;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonTypeIdResolver;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.impl.ClassNameIdResolver;
import tools.jackson.databind.jsontype.impl.StdTypeResolverBuilder;
import tools.jackson.databind.module.SimpleModule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The application's Jackson settings reach rpc-core's mappers through {@link MapperCustomizer}s, and the safety
 * rules hold whatever a customizer does.
 */
class JacksonCustomizationTests {

    /** A value type Jackson cannot write or read by itself: no accessors, no creator. */
    public static final class Money {

        private final long cents;

        private final String currency;

        private Money(long cents, String currency) {
            this.cents = cents;
            this.currency = currency;
        }

        static Money parse(String text) {
            String[] parts = text.split(" ");
            return new Money(Math.round(Double.parseDouble(parts[0]) * 100), parts[1]);
        }

        String format() {
            return String.format("%d.%02d %s", cents / 100, cents % 100, currency);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Money money && money.cents == cents && money.currency.equals(currency);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(cents) * 31 + currency.hashCode();
        }
    }

    /** Writes {@link Money} as {@code "12.50 EUR"}. */
    static SimpleModule moneyModule() {
        return new SimpleModule("money")
                .addSerializer(Money.class, new ValueSerializer<Money>() {
                    @Override
                    public void serialize(Money value, JsonGenerator generator, SerializationContext context) {
                        generator.writeString(value.format());
                    }
                })
                .addDeserializer(Money.class, new ValueDeserializer<Money>() {
                    @Override
                    public Money deserialize(JsonParser parser, DeserializationContext context) {
                        return Money.parse(parser.getString());
                    }
                });
    }

    record Invoice(long invoiceId, String customerName, Money total) {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    interface ByClass {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.MINIMAL_CLASS)
    interface ByMinimalClass {
    }

    /** Class names under another name: an id resolver that says it is custom. */
    public static final class ClassNamesInDisguise extends ClassNameIdResolver {

        private static final long serialVersionUID = 1L;

        public ClassNamesInDisguise() {
            super(null, List.of(), null);
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.CUSTOM;
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM)
    @JsonTypeIdResolver(ClassNamesInDisguise.class)
    interface ByCustomResolver {
    }

    record Plain(String name) {
    }

    /** Adds class-name type information to {@link Plain} through a mix-in. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    interface ClassNameMixIn {
    }

    record Holder(String label, @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object content) {
    }

    record Shipment(List<Map<String, ByClass>> parcels) {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({ @JsonSubTypes.Type(value = Circle.class, name = "circle"),
            @JsonSubTypes.Type(value = Labelled.class, name = "labelled") })
    interface Shape {
    }

    record Circle(double radius) implements Shape {
    }

    /** A subtype named safely whose own property names classes. */
    record Labelled(ByMinimalClass label) implements Shape {
    }

    /** Only name-based type information: safe. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({ @JsonSubTypes.Type(value = Square.class, name = "square") })
    interface SafeShape {
    }

    record Square(double side) implements SafeShape {
    }

    public interface Billing {

        Invoice invoice(Invoice invoice);

        Money total(List<Money> amounts);

        Object anything(Object value);

        String pair(String first, String second);

        SafeShape shape(SafeShape shape);

        void byClass(ByClass value);

        ByMinimalClass byMinimalClass();

        void byCustomResolver(ByCustomResolver value);

        Plain plain(Plain plain);

        void holder(Holder holder);

        List<Shipment> shipments();

        void shapes(Shape shape);
    }

    private static MethodDescriptor method(String name) {
        return ServiceDescriptor.of(Billing.class).methods().stream()
                .filter(method -> method.name().equals(name)).findFirst().orElseThrow();
    }

    private static Serialization customized(SerializationFormat format, MapperCustomizer... customizers) {
        return JacksonSerialization.builder().customizers(List.of(customizers)).build().get(format);
    }

    // ---------------------------------------------------------------- customizers apply

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void aCustomizersModuleWritesAndReadsItsValueType(SerializationFormat format) {
        MethodSerializer total = customized(format, (f, builder) -> builder.addModule(moneyModule()))
                .forMethod(method("total"));
        List<Money> amounts = List.of(Money.parse("12.50 EUR"), Money.parse("0.05 EUR"));

        byte[] body = Bodies.writeArguments(total, amounts);

        assertThat(Bodies.readArguments(total, body)).containsExactly(amounts);
        assertThat(Bodies.readResult(total, Bodies.writeResult(total, amounts.get(0)))).isEqualTo(amounts.get(0));
        if (format == SerializationFormat.JSON) {
            assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("[[\"12.50 EUR\",\"0.05 EUR\"]]");
        }
    }

    @Test
    void withoutTheCustomizerTheValueTypeCannotTravel() {
        MethodSerializer total = JacksonSerialization.of(SerializationFormat.JSON).forMethod(method("total"));
        byte[] body = "[[\"12.50 EUR\"]]".getBytes(StandardCharsets.UTF_8);

        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> Bodies.readArguments(total, body));
    }

    @Test
    void aNamingStrategyNamesThePropertiesOnTheWire() {
        MethodSerializer invoice = customized(SerializationFormat.JSON,
                (format, builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE),
                (format, builder) -> builder.addModule(moneyModule())).forMethod(method("invoice"));
        Invoice sent = new Invoice(7L, "Zoë", Money.parse("3.00 CHF"));

        byte[] body = Bodies.writeArguments(invoice, sent);

        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("[{\"invoice_id\":7,\"customer_name\":\"Zoë\",\"total\":\"3.00 CHF\"}]");
        assertThat(Bodies.readArguments(invoice, body)).containsExactly(sent);
    }

    @Test
    void eachCustomizerIsToldTheFormatAndRunsInTheOrderAdded() {
        List<String> calls = new ArrayList<>();
        SerializationProvider provider = JacksonSerialization.builder()
                .customizer((format, builder) -> calls.add("first " + format + " " + builder.getClass().getSimpleName()))
                .customizer((format, builder) -> calls.add("second " + format))
                .build();

        provider.get(SerializationFormat.CBOR);
        provider.get(SerializationFormat.CBOR);

        assertThat(calls).containsExactly("first CBOR Builder", "second CBOR");
        assertThat(provider.get(SerializationFormat.SMILE).format()).isEqualTo(SerializationFormat.SMILE);
    }

    @Test
    void settingsThatCallsDependOnAreAppliedAgainAfterTheCustomizers() {
        MethodSerializer pair = customized(SerializationFormat.JSON,
                (format, builder) -> builder.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .removeMixIn(Throwable.class))
                .forMethod(method("pair"));

        byte[] body = Bodies.writeArguments(pair, "a", "b");

        assertThat(Bodies.readArguments(pair, body)).containsExactly("a", "b");
    }

    // ---------------------------------------------------------------- class names stay refused

    static Stream<Arguments> defaultTypings() {
        BasicPolymorphicTypeValidator allowAll = BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build();
        return Stream.of(
                Arguments.of("activateDefaultTyping", (Consumer<MapperBuilder<?, ?>>) builder ->
                        builder.activateDefaultTyping(allowAll)),
                Arguments.of("activateDefaultTyping(EVERYTHING)", (Consumer<MapperBuilder<?, ?>>) builder ->
                        builder.activateDefaultTyping(allowAll, DefaultTyping.NON_FINAL_AND_ENUMS, JsonTypeInfo.As.PROPERTY)),
                Arguments.of("activateDefaultTypingAsProperty", (Consumer<MapperBuilder<?, ?>>) builder ->
                        builder.activateDefaultTypingAsProperty(allowAll, DefaultTyping.JAVA_LANG_OBJECT, "@type")),
                Arguments.of("setDefaultTyping", (Consumer<MapperBuilder<?, ?>>) builder ->
                        builder.setDefaultTyping(new StdTypeResolverBuilder(JsonTypeInfo.Id.CLASS, JsonTypeInfo.As.PROPERTY, "@c"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultTypings")
    void aCustomizerThatActivatesDefaultTypingIsRefusedByName(String how, Consumer<MapperBuilder<?, ?>> enable) {
        MapperCustomizer customizer = named("typing customizer", (format, builder) -> enable.accept(builder));

        for (SerializationFormat format : SerializationFormat.values()) {
            assertThatExceptionOfType(UnsafeSerializationException.class)
                    .isThrownBy(() -> customized(format, customizer))
                    .withMessageContaining("The serialization customizer typing customizer activated default typing on the "
                            + format + " mapper")
                    .withMessageContaining("Remove it");
        }
    }

    @Test
    void aCustomizerThatReplacesTheTypeValidatorIsRefused() {
        MapperCustomizer customizer = named("lenient validator",
                (format, builder) -> builder.polymorphicTypeValidator(
                        BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build()));

        assertThatExceptionOfType(UnsafeSerializationException.class)
                .isThrownBy(() -> customized(SerializationFormat.JSON, customizer))
                .withMessageContaining("The serialization customizer lenient validator replaced the polymorphic type "
                        + "validator of the JSON mapper")
                .withMessageContaining("Remove the call to polymorphicTypeValidator(...)");
    }

    static Stream<Arguments> classNamedSignatures() {
        return Stream.of(
                Arguments.of("byClass", "argument 1", "reaches " + ByClass.class.getName() + ", whose type information uses "
                        + "class names (@JsonTypeInfo(use = Id.CLASS))"),
                Arguments.of("byMinimalClass", "result", "uses class names (@JsonTypeInfo(use = Id.MINIMAL_CLASS))"),
                Arguments.of("byCustomResolver", "argument 1", "uses an id resolver based on class names ("
                        + ClassNamesInDisguise.class.getName() + ")"),
                Arguments.of("holder", "argument 1", "reaches the property 'content' of " + Holder.class.getName()),
                Arguments.of("shipments", "result", "reaches " + ByClass.class.getName() + " at [].parcels[][]"),
                Arguments.of("shapes", "argument 1", "reaches the property 'label' of " + Labelled.class.getName() + " at (as Labelled)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classNamedSignatures")
    void classNameTypeInformationAnywhereInASignatureIsRefusedWhenTheMethodIsResolved(String name, String role,
            String where) {
        for (SerializationFormat format : SerializationFormat.values()) {
            assertThatExceptionOfType(UnsafeSerializationException.class)
                    .isThrownBy(() -> JacksonSerialization.of(format).forMethod(method(name)))
                    .withMessageStartingWith(method(name) + ": its " + role)
                    .withMessageContaining(where)
                    .withMessageContaining("Use @JsonTypeInfo(use = Id.NAME) with @JsonSubTypes, or remove the type information");
        }
    }

    @Test
    void classNameTypeInformationAddedByAMixInIsRefused() {
        Serialization plain = customized(SerializationFormat.SMILE,
                (format, builder) -> builder.addMixIn(Plain.class, ClassNameMixIn.class));

        assertThatExceptionOfType(UnsafeSerializationException.class)
                .isThrownBy(() -> plain.forMethod(method("plain")))
                .withMessageContaining("reaches " + Plain.class.getName() + ", whose type information uses class names");
        assertThat(JacksonSerialization.of(SerializationFormat.SMILE).forMethod(method("plain"))).isNotNull();
    }

    @Test
    void classNameTypeInformationAddedByAModuleToAnUnrelatedTypeDoesNotRefuseOtherMethods() {
        Serialization serialization = customized(SerializationFormat.JSON,
                (format, builder) -> builder.addMixIn(Plain.class, ClassNameMixIn.class));

        assertThat(serialization.forMethod(method("invoice"))).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void typeInformationByNameTravels(SerializationFormat format) {
        MethodSerializer shape = JacksonSerialization.of(format).forMethod(method("shape"));

        assertThat(Bodies.readResult(shape, Bodies.writeResult(shape, new Square(2.5)))).isEqualTo(new Square(2.5));
    }

    // ---------------------------------------------------------------- read constraints

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void theReadConstraintsHoldAfterACustomizerTriedToLiftThem(SerializationFormat format) {
        StreamReadConstraints before = StreamReadConstraints.defaults();
        try {
            MethodSerializer anything = customized(format, (f, builder) -> StreamReadConstraints
                    .overrideDefaultStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000).build()))
                    .forMethod(method("anything"));
            byte[] deep = Bodies.writeResult(JacksonSerialization.of(format, StreamReadConstraints.builder()
                    .maxNestingDepth(1_000).build()).forMethod(method("anything")), nested(JacksonSerialization.DEFAULT_MAX_NESTING_DEPTH + 5));

            assertThatThrownBy(() -> Bodies.readResult(anything, deep))
                    .isInstanceOf(SerializationException.class).hasRootCauseInstanceOf(StreamConstraintsException.class);
        }
        finally {
            StreamReadConstraints.overrideDefaultStreamReadConstraints(before);
        }
    }

    @Test
    void theReadConstraintsAreRaisedThroughTheirOwnOption() {
        int depth = JacksonSerialization.DEFAULT_MAX_NESTING_DEPTH + 100;
        for (SerializationFormat format : SerializationFormat.values()) {
            MethodSerializer anything = JacksonSerialization.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(depth + 10).build())
                    .build().get(format).forMethod(method("anything"));

            assertThat(Bodies.readResult(anything, Bodies.writeResult(anything, nested(depth)))).isEqualTo(nested(depth));
        }
    }

    private static Object nested(int depth) {
        Object value = "core";
        for (int i = 1; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    private static MapperCustomizer named(String name, MapperCustomizer customizer) {
        return new MapperCustomizer() {
            @Override
            public void customize(SerializationFormat format, MapperBuilder<?, ?> builder) {
                customizer.customize(format, builder);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
