package dev.rpc.core.serialization;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JacksonSerializationTests {

    enum Status { NEW, PAID, SHIPPED }

    record Item(String sku, int quantity, BigDecimal price) {
    }

    record Order(long id, String customer, List<Item> items, Status status, Instant placed, LocalDate due,
            Duration ttl, Optional<String> note) {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    interface Shape {
    }

    record Circle(double radius) implements Shape {
    }

    /** Would be the payload's choice of class, if the payload could choose one. */
    public static final class Gadget implements Shape {

        static final AtomicInteger INSTANCES = new AtomicInteger();

        public Gadget() {
            INSTANCES.incrementAndGet();
        }
    }

    /** Counts initialisations of {@link StaticGadget}, which the tests only ever name as text. */
    static final AtomicInteger STATIC_GADGET_INITIALISATIONS = new AtomicInteger();

    /** A class whose mere initialisation has an effect, as some gadgets' static initialisers do. */
    public static final class StaticGadget implements Shape {

        static {
            STATIC_GADGET_INITIALISATIONS.incrementAndGet();
        }
    }

    private static final String STATIC_GADGET = "dev.rpc.core.serialization.JacksonSerializationTests$StaticGadget";

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    public static class Payload {
    }

    /** An exception with only a message. */
    public static class OutOfStockException extends Exception {

        public OutOfStockException(String message) {
            super(message);
        }
    }

    /** An exception with properties besides its message, built through its constructor. */
    public static class RejectedOrderException extends Exception {

        private final int code;

        private final List<String> reasons;

        public RejectedOrderException(String message, int code, List<String> reasons) {
            super(message);
            this.code = code;
            this.reasons = reasons;
        }

        public int getCode() {
            return code;
        }

        public List<String> getReasons() {
            return reasons;
        }
    }

    interface Shop {

        List<Order> orders(List<Order> orders, Status filter);

        Map<String, Item> stock(Map<String, Item> stock);

        Optional<Item> find(Optional<String> sku);

        Order order(Order order);

        Status status(Status status);

        Instant instant(Instant instant);

        LocalDate date(LocalDate date);

        Duration duration(Duration duration);

        double primitives(int i, long l, double d, float f, boolean b, char c, byte by, short s);

        String text(String text);

        byte[] bytes(byte[] bytes);

        int count(int count);

        void nothing();

        Shape shape(Shape shape);

        Payload payload(Payload payload);

        Object anything(Object value);

        String place(Order order) throws OutOfStockException, RejectedOrderException;
    }

    private static final ServiceDescriptor SHOP = ServiceDescriptor.of(Shop.class);

    private static final List<String> CLASS_NAMED = List.of("shape", "payload");

    private static final Instant PLACED = Instant.parse("2026-03-01T10:15:30.123456789Z");

    private static final Order ORDER = new Order(42L, "Zoë 🚀", List.of(new Item("A-1", 2, new BigDecimal("19.99")),
            new Item("B-2", 1, new BigDecimal("0.10"))), Status.PAID, PLACED, LocalDate.of(2026, 3, 7),
            Duration.ofMinutes(90).plusNanos(5), Optional.of("leave at the door"));

    private static final Order EMPTY_ORDER = new Order(0L, "", List.of(), Status.NEW, Instant.EPOCH,
            LocalDate.of(1970, 1, 1), Duration.ZERO, Optional.empty());

    private static MethodSerializer serializer(SerializationFormat format, String name) {
        for (MethodDescriptor method : SHOP.methods()) {
            if (method.name().equals(name)) {
                JacksonSerialization serialization = JacksonSerialization.of(format);
                // shape and payload use class names, refused when a method is resolved: their serializers are made
                // without that check, to prove that the validator alone refuses every class a payload names
                return CLASS_NAMED.contains(name) ? serialization.forMethodUnchecked(method) : serialization.forMethod(method);
            }
        }
        throw new AssertionError("no method " + name);
    }

    private static Object[] roundTripArguments(SerializationFormat format, String method, Object... arguments) {
        MethodSerializer serializer = serializer(format, method);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            serializer.writeArguments(arguments, buf);
            Object[] read = serializer.readArguments(buf);
            assertThat(buf.isReadable()).as("the whole body is read").isFalse();
            return read;
        }
        finally {
            buf.release();
        }
    }

    private static Object roundTripResult(SerializationFormat format, String method, Object result) {
        MethodSerializer serializer = serializer(format, method);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            serializer.writeResult(result, buf);
            return serializer.readResult(buf);
        }
        finally {
            buf.release();
        }
    }

    private static Object[] readArguments(SerializationFormat format, String method, byte[] body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeBytes(body);
            return serializer(format, method).readArguments(buf);
        }
        finally {
            buf.release();
        }
    }

    private static Object readResult(SerializationFormat format, String method, byte[] body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeBytes(body);
            return serializer(format, method).readResult(buf);
        }
        finally {
            buf.release();
        }
    }

    /** Encodes a value in the format with the serialization's own mapper: a well-formed body of any shape. */
    private static byte[] encode(SerializationFormat format, Object value) {
        return JacksonSerialization.of(format).mapper().writeValueAsBytes(value);
    }

    // ---------------------------------------------------------------- round trips

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void listOfRecordsAndEnumArgumentsRoundTrip(SerializationFormat format) {
        List<Order> orders = List.of(ORDER, EMPTY_ORDER);

        Object[] read = roundTripArguments(format, "orders", orders, Status.SHIPPED);

        assertThat(read).containsExactly(orders, Status.SHIPPED);
        assertThat(((List<?>) read[0]).get(0)).isInstanceOf(Order.class);
        assertThat(roundTripResult(format, "orders", orders)).isEqualTo(orders);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void mapOfRecordsRoundTrips(SerializationFormat format) {
        Map<String, Item> stock = new LinkedHashMap<>();
        stock.put("A-1", new Item("A-1", 3, new BigDecimal("1.5")));
        stock.put("ключ", new Item("ключ", 0, BigDecimal.ZERO));

        assertThat(roundTripArguments(format, "stock", stock)).containsExactly(stock);
        Object result = roundTripResult(format, "stock", stock);
        assertThat(result).isEqualTo(stock);
        assertThat(((Map<?, ?>) result).values()).allSatisfy(item -> assertThat(item).isInstanceOf(Item.class));
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void optionalRoundTripsPresentAndEmpty(SerializationFormat format) {
        assertThat(roundTripArguments(format, "find", Optional.of("A-1"))).containsExactly(Optional.of("A-1"));
        assertThat(roundTripArguments(format, "find", Optional.empty())).containsExactly(Optional.empty());
        assertThat(roundTripResult(format, "find", Optional.of(new Item("A-1", 1, BigDecimal.ONE))))
                .isEqualTo(Optional.of(new Item("A-1", 1, BigDecimal.ONE)));
        assertThat(roundTripResult(format, "find", Optional.empty())).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void recordWithNestedTypesRoundTrips(SerializationFormat format) {
        assertThat(roundTripArguments(format, "order", ORDER)).containsExactly(ORDER);
        assertThat(roundTripResult(format, "order", ORDER)).isEqualTo(ORDER);
        assertThat(roundTripResult(format, "order", EMPTY_ORDER)).isEqualTo(EMPTY_ORDER);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void enumsRoundTrip(SerializationFormat format) {
        for (Status status : Status.values()) {
            assertThat(roundTripArguments(format, "status", status)).containsExactly(status);
            assertThat(roundTripResult(format, "status", status)).isEqualTo(status);
        }
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void javaTimeTypesRoundTripExactly(SerializationFormat format) {
        for (Instant instant : List.of(PLACED, Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"))) {
            assertThat(roundTripArguments(format, "instant", instant)).containsExactly(instant);
            assertThat(roundTripResult(format, "instant", instant)).isEqualTo(instant);
        }
        for (LocalDate date : List.of(LocalDate.of(2024, 2, 29), LocalDate.MIN, LocalDate.MAX)) {
            assertThat(roundTripArguments(format, "date", date)).containsExactly(date);
            assertThat(roundTripResult(format, "date", date)).isEqualTo(date);
        }
        for (Duration duration : List.of(Duration.ofNanos(1), Duration.ofDays(-3).plusMillis(7), Duration.ZERO)) {
            assertThat(roundTripArguments(format, "duration", duration)).containsExactly(duration);
            assertThat(roundTripResult(format, "duration", duration)).isEqualTo(duration);
        }
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void primitivesRoundTripExactly(SerializationFormat format) {
        Object[] arguments = { Integer.MIN_VALUE, Long.MAX_VALUE, 0.1 + 0.2, 1.1f, true, 'é', (byte) -128,
                (short) 32767 };

        assertThat(roundTripArguments(format, "primitives", arguments)).containsExactly(arguments);
        for (double value : new double[] { Math.PI, -0.0, Double.MIN_VALUE, Double.MAX_VALUE }) {
            assertThat(roundTripResult(format, "primitives", value)).isEqualTo(value);
        }
        assertThat(roundTripResult(format, "count", 7)).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void nullRoundTripsAsArgumentAndResult(SerializationFormat format) {
        assertThat(roundTripArguments(format, "text", (Object) null)).containsExactly((Object) null);
        assertThat(roundTripArguments(format, "order", (Object) null)).containsExactly((Object) null);
        assertThat(roundTripResult(format, "text", null)).isNull();
        assertThat(roundTripResult(format, "orders", null)).isNull();
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void byteArraysRoundTrip(SerializationFormat format) {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }

        assertThat((byte[]) roundTripArguments(format, "bytes", (Object) bytes)[0]).isEqualTo(bytes);
        assertThat((byte[]) roundTripResult(format, "bytes", bytes)).isEqualTo(bytes);
        assertThat((byte[]) roundTripResult(format, "bytes", new byte[0])).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void voidMethodWritesAnEmptyBodyAndReadsNull(SerializationFormat format) {
        MethodSerializer serializer = serializer(format, "nothing");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            serializer.writeResult(null, buf);
            assertThat(buf.readableBytes()).isZero();
            assertThat(serializer.readResult(buf)).isNull();
            assertThat(roundTripArguments(format, "nothing")).isEmpty();
        }
        finally {
            buf.release();
        }
    }

    @Test
    void jsonBodiesAreTheDocumentedShape() {
        MethodSerializer serializer = serializer(SerializationFormat.JSON, "primitives");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            serializer.writeArguments(new Object[] { 1, 2L, 0.5, 1.5f, false, 'x', (byte) 3, (short) 4 }, buf);
            assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo("[1,2,0.5,1.5,false,\"x\",3,4]");
        }
        finally {
            buf.release();
        }
    }

    // ---------------------------------------------------------------- safety

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void classNamedByThePayloadIsNeverInstantiated(SerializationFormat format) {
        int before = Gadget.INSTANCES.get();
        for (String className : List.of(Gadget.class.getName(), "java.util.ArrayList", Circle.class.getName(),
                "com.sun.rowset.JdbcRowSetImpl", "no.such.Clazz")) {
            byte[] body = encode(format, List.of(Map.of("@class", className)));

            assertThatThrownBy(() -> readArguments(format, "shape", body)).as(className)
                    .isInstanceOf(SerializationException.class);
            byte[] result = encode(format, Map.of("@class", className));
            assertThatThrownBy(() -> readResult(format, "shape", result)).as(className)
                    .isInstanceOf(SerializationException.class);
        }
        assertThat(Gadget.INSTANCES.get()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void classNamedByThePayloadIsNotEvenInitialised(SerializationFormat format) {
        byte[] body = encode(format, List.of(Map.of("@class", STATIC_GADGET)));

        assertThatThrownBy(() -> readArguments(format, "shape", body)).isInstanceOf(SerializationException.class);
        assertThat(STATIC_GADGET_INITIALISATIONS).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void typeInfoOnAConcreteClassCannotBeRedirectedByThePayload(SerializationFormat format) {
        byte[] body = encode(format, List.of(Map.of("@class", "java.util.ArrayList")));

        assertThatThrownBy(() -> readArguments(format, "payload", body)).isInstanceOf(SerializationException.class);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void objectParameterIsNotDefaultTyped(SerializationFormat format) {
        Map<String, String> classNamed = Map.of("@class", Gadget.class.getName());
        List<Object> wrapperArray = List.of("java.util.ArrayList", List.of("x"));

        assertThat(readArguments(format, "anything", encode(format, List.of(classNamed)))).containsExactly(classNamed);
        assertThat(readResult(format, "anything", encode(format, wrapperArray))).isEqualTo(wrapperArray);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void nestingDeeperThanTheLimitFails(SerializationFormat format) {
        int depth = JacksonSerialization.DEFAULT_MAX_NESTING_DEPTH + 5;
        byte[] deepArgument = encode(format, List.of(nested(depth)));
        byte[] deepResult = encode(format, nested(depth));

        assertThatThrownBy(() -> readArguments(format, "anything", deepArgument))
                .isInstanceOf(SerializationException.class).hasRootCauseInstanceOf(StreamConstraintsException.class);
        assertThatThrownBy(() -> readResult(format, "anything", deepResult))
                .isInstanceOf(SerializationException.class).hasRootCauseInstanceOf(StreamConstraintsException.class);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void nestingWithinTheLimitIsRead(SerializationFormat format) {
        int depth = JacksonSerialization.DEFAULT_MAX_NESTING_DEPTH - 10;

        assertThat(readResult(format, "anything", encode(format, nested(depth)))).isEqualTo(nested(depth));
    }

    private static Object nested(int depth) {
        Object value = "core";
        for (int i = 1; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void argumentsOfTheWrongTypeFail(SerializationFormat format) {
        assertThatThrownBy(() -> readArguments(format, "count", encode(format, List.of("twelve"))))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> readArguments(format, "count", encode(format, List.of(Map.of("n", 1)))))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> readArguments(format, "count", encode(format, List.of(true))))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> readArguments(format, "count", encode(format, java.util.Arrays.asList((Object) null))))
                .as("null for a primitive").isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> readArguments(format, "status", encode(format, List.of("LOST"))))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> readArguments(format, "order", encode(format, List.of(List.of(1, 2)))))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> readResult(format, "instant", encode(format, "yesterday")))
                .isInstanceOf(SerializationException.class);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void argumentArraysOfTheWrongArityFail(SerializationFormat format) {
        assertThatThrownBy(() -> readArguments(format, "count", encode(format, List.of())))
                .isInstanceOf(SerializationException.class).hasMessageContaining("takes 1 arguments");
        assertThatThrownBy(() -> readArguments(format, "count", encode(format, List.of(1, 2))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("has more");
        assertThatThrownBy(() -> readArguments(format, "nothing", encode(format, List.of(1))))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> readArguments(format, "count", encode(format, 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("must be an array");
        assertThatThrownBy(() -> readArguments(format, "count", new byte[0]))
                .isInstanceOf(SerializationException.class);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void trailingDataAfterABodyFails(SerializationFormat format) {
        byte[] arguments = concat(encode(format, List.of(1)), encode(format, List.of(2)));
        byte[] result = concat(encode(format, "a"), encode(format, "b"));

        assertThatThrownBy(() -> readArguments(format, "count", arguments))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> readResult(format, "text", result)).isInstanceOf(SerializationException.class);
    }

    @Test
    void malformedJsonFails() {
        for (String body : List.of("[1] x", "[1", "[1,]", "{\"a\":1}", "[\"1\" \"2\"]", "[1]]", "[01]", "nul", "")) {
            assertThatThrownBy(() -> readArguments(SerializationFormat.JSON, "count", utf8(body))).as(body)
                    .isInstanceOf(SerializationException.class);
        }
        assertThatThrownBy(() -> readResult(SerializationFormat.JSON, "text", utf8("\"a\" \"b\"")))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> readResult(SerializationFormat.JSON, "text", utf8("")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> readResult(SerializationFormat.JSON, "order", utf8("{\"id\": \"x\"}")))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void unknownPropertiesAreIgnoredSoNewerPeersMayAddFields() {
        Object[] read = readArguments(SerializationFormat.JSON, "stock",
                utf8("[{\"A\":{\"sku\":\"A\",\"quantity\":1,\"price\":2,\"colour\":\"red\"}}]"));

        assertThat(read[0]).isEqualTo(Map.of("A", new Item("A", 1, new BigDecimal("2"))));
    }

    // ---------------------------------------------------------------- declared exceptions

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void declaredExceptionWithAMessageConstructorRoundTrips(SerializationFormat format) {
        MethodSerializer serializer = serializer(format, "place");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            serializer.writeException(0, new OutOfStockException("A-1 is sold out"), buf);
            Throwable read = serializer.readException(0, buf);

            assertThat(read).isExactlyInstanceOf(OutOfStockException.class).hasMessage("A-1 is sold out")
                    .hasNoCause();
        }
        finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void declaredExceptionWithExtraPropertiesRoundTrips(SerializationFormat format) {
        MethodSerializer serializer = serializer(format, "place");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            serializer.writeException(1, new RejectedOrderException("rejected", 409, List.of("limit", "fraud")), buf);
            Throwable read = serializer.readException(1, buf);

            assertThat(read).isExactlyInstanceOf(RejectedOrderException.class).hasMessage("rejected");
            assertThat(((RejectedOrderException) read).getCode()).isEqualTo(409);
            assertThat(((RejectedOrderException) read).getReasons()).containsExactly("limit", "fraud");
        }
        finally {
            buf.release();
        }
    }

    @Test
    void exceptionsTravelWithoutStackTraceOrSuppressedAndTheirCauseOnlyAsText() {
        MethodSerializer serializer = serializer(SerializationFormat.JSON, "place");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            OutOfStockException exception = new OutOfStockException("gone");
            exception.initCause(new IllegalStateException("pool exhausted"));
            exception.addSuppressed(new RuntimeException("also secret"));
            serializer.writeException(0, exception, buf);

            String json = buf.toString(StandardCharsets.UTF_8);
            ObjectMapper mapper = JacksonSerialization.of(SerializationFormat.JSON).mapper();
            JsonNode tree = mapper.readTree(json);
            assertThat(tree.propertyNames()).containsExactlyInAnyOrder("message", "@causes");
            assertThat(tree.get("@causes").toString())
                    .isEqualTo("[{\"type\":\"java.lang.IllegalStateException\",\"message\":\"pool exhausted\"}]");
            assertThat(json).doesNotContain("secret", "OutOfStockException", "StackTrace", "JacksonSerializationTests");
            assertThat(serializer.readException(0, buf)).hasMessage("gone").cause()
                    .hasMessage("remote java.lang.IllegalStateException: pool exhausted");
        }
        finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void readingAnExceptionAtAnIndexTheMethodDoesNotDeclareFails(SerializationFormat format) {
        byte[] body = encode(format, Map.of("message", "x"));

        for (int index : new int[] { -1, 2, 254 }) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
            try {
                buf.writeBytes(body);
                assertThatThrownBy(() -> serializer(format, "place").readException(index, buf))
                        .isInstanceOf(SerializationException.class);
            }
            finally {
                buf.release();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
