package dev.rpc.core.serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rpc.core.protocol.RemoteCause;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Declared exceptions of many shapes travel and arrive with exactly the content they were thrown with, or
 * are refused when the proxy is created or the service exported.
 */
class DeclaredExceptionTests {

    /** Only a message, taken by a parameter named {@code message}. */
    public static class MessageOnlyException extends Exception {

        public MessageOnlyException(String message) {
            super(message);
        }
    }

    /** The lone String is the reason, not the message: the constructor words the message. */
    public static class PaymentDeclinedException extends Exception {

        private final String reason;

        public PaymentDeclinedException(String reason) {
            super("payment declined: " + reason);
            this.reason = reason;
        }

        public String getReason() {
            return reason;
        }
    }

    /** Extra properties taken by the constructor, as a record would be. */
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

    /** Extra properties without a matching constructor: a no-argument constructor and setters. */
    public static class LimitExceededException extends RuntimeException {

        private long limit;

        private String account;

        public LimitExceededException() {
        }

        @Override
        public String getMessage() {
            return "limit of " + limit + " exceeded on " + account;
        }

        public long getLimit() {
            return limit;
        }

        public void setLimit(long limit) {
            this.limit = limit;
        }

        public String getAccount() {
            return account;
        }

        public void setAccount(String account) {
            this.account = account;
        }
    }

    /** Immutable, with a constructor that takes some properties and a field Jackson restores for the rest. */
    public static class QuotaException extends Exception {

        private final String tenant;

        private int remaining;

        public QuotaException(String tenant) {
            super("quota of " + tenant);
            this.tenant = tenant;
        }

        public String getTenant() {
            return tenant;
        }

        public int getRemaining() {
            return remaining;
        }

        QuotaException remaining(int remaining) {
            this.remaining = remaining;
            return this;
        }
    }

    /** Built through an annotated factory whose parameters name the properties explicitly. */
    public static class ConflictException extends Exception {

        private final String resource;

        private ConflictException(String resource, String message) {
            super(message);
            this.resource = resource;
        }

        @JsonCreator
        public static ConflictException of(@JsonProperty("resource") String resource,
                @JsonProperty("message") String message) {
            return new ConflictException(resource, message);
        }

        public String getResource() {
            return resource;
        }
    }

    /** Declared together with its subclass. */
    public static class OrderException extends Exception {

        public OrderException(String message) {
            super(message);
        }
    }

    /** Extends another declared exception. */
    public static class InsufficientFundsException extends OrderException {

        private final long missing;

        public InsufficientFundsException(long missing) {
            super("missing " + missing + " cents");
            this.missing = missing;
        }

        public long getMissing() {
            return missing;
        }
    }

    /** Worded by a constructor the caller cannot choose: arrives differently, so it is refused at run time. */
    public static class DetailedException extends Exception {

        private final String code;

        public DetailedException(String code) {
            super(code);
            this.code = code;
        }

        public DetailedException(String code, int detail) {
            super(code + " (detail " + detail + ")");
            this.code = code;
        }

        public String getCode() {
            return code;
        }
    }

    /** No constructor names its properties: the SKU travels nowhere. */
    public static class UnknownSkuException extends Exception {

        public UnknownSkuException(String sku) {
            super("unknown SKU " + sku);
        }
    }

    /** A property neither the constructor nor a setter nor a field restores. */
    public static class ExpiredException extends Exception {

        private final long expiredAtMillis;

        public ExpiredException(String message, long expiredAtMillis) {
            super(message);
            this.expiredAtMillis = expiredAtMillis;
        }

        public ExpiredException(String message) {
            this(message, 0);
        }

        public long getAgeMillis() {
            return System.currentTimeMillis() - expiredAtMillis;
        }
    }

    /** The same as {@link ExpiredException}, with its derived property marked so. */
    public static class MarkedExpiredException extends Exception {

        public MarkedExpiredException(String message) {
            super(message);
        }

        @JsonIgnore
        public long getAgeMillis() {
            return 7;
        }
    }

    /** Two constructors of the same number of properties and no choice made. */
    public static class AmbiguousException extends Exception {

        private final String sku;

        private final Integer count;

        public AmbiguousException(String sku) {
            super("sku");
            this.sku = sku;
            this.count = null;
        }

        public AmbiguousException(Integer count) {
            super("count");
            this.sku = null;
            this.count = count;
        }

        public String getSku() {
            return sku;
        }

        public Integer getCount() {
            return count;
        }
    }

    interface Shop {

        void message() throws MessageOnlyException;

        void pay() throws PaymentDeclinedException;

        void order() throws RejectedOrderException;

        void limit() throws LimitExceededException;

        void quota() throws QuotaException;

        void conflict() throws ConflictException;

        void baseFirst() throws OrderException, InsufficientFundsException;

        void subclassFirst() throws InsufficientFundsException, OrderException;

        void detailed() throws DetailedException;

        void jdk() throws IOException, IllegalStateException;

        void marked() throws MarkedExpiredException;
    }

    interface UnknownSkus {

        void find() throws UnknownSkuException;
    }

    interface Expiring {

        void renew() throws ExpiredException;
    }

    interface Ambiguous {

        void choose() throws AmbiguousException;
    }

    private static final ServiceDescriptor SHOP = ServiceDescriptor.of(Shop.class);

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void aMessageOnlyExceptionArrivesWithItsMessage(SerializationFormat format) {
        Throwable read = roundTrip(format, "message", new MessageOnlyException("sold out"));

        assertThat(read).isExactlyInstanceOf(MessageOnlyException.class).hasMessage("sold out").hasNoCause();
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void aLoneStringThatIsNotTheMessageIsPassedAsItsProperty(SerializationFormat format) {
        Throwable read = roundTrip(format, "pay", new PaymentDeclinedException("card expired"));

        assertThat(read).isExactlyInstanceOf(PaymentDeclinedException.class).hasMessage("payment declined: card expired");
        assertThat(((PaymentDeclinedException) read).getReason()).isEqualTo("card expired");
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void extraPropertiesTakenByTheConstructorArrive(SerializationFormat format) {
        Throwable read = roundTrip(format, "order", new RejectedOrderException("rejected", 409, List.of("limit", "fraud")));

        assertThat(read).isExactlyInstanceOf(RejectedOrderException.class).hasMessage("rejected");
        assertThat(((RejectedOrderException) read).getCode()).isEqualTo(409);
        assertThat(((RejectedOrderException) read).getReasons()).containsExactly("limit", "fraud");
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void extraPropertiesWithoutAConstructorArriveThroughSetters(SerializationFormat format) {
        LimitExceededException thrown = new LimitExceededException();
        thrown.setLimit(5_000_000_000L);
        thrown.setAccount("acme");

        Throwable read = roundTrip(format, "limit", thrown);

        assertThat(read).isExactlyInstanceOf(LimitExceededException.class)
                .hasMessage("limit of 5000000000 exceeded on acme");
        assertThat(((LimitExceededException) read).getLimit()).isEqualTo(5_000_000_000L);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void propertiesTheConstructorDoesNotTakeArriveThroughFields(SerializationFormat format) {
        Throwable read = roundTrip(format, "quota", new QuotaException("acme").remaining(3));

        assertThat(read).isExactlyInstanceOf(QuotaException.class).hasMessage("quota of acme");
        assertThat(((QuotaException) read).getTenant()).isEqualTo("acme");
        assertThat(((QuotaException) read).getRemaining()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void anAnnotatedFactoryIsUsed(SerializationFormat format) {
        Throwable read = roundTrip(format, "conflict", ConflictException.of("order 7", "edited elsewhere"));

        assertThat(read).isExactlyInstanceOf(ConflictException.class).hasMessage("edited elsewhere");
        assertThat(((ConflictException) read).getResource()).isEqualTo("order 7");
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void jdkExceptionsArriveWithTheirMessage(SerializationFormat format) {
        assertThat(roundTrip(format, "jdk", new IOException("disk full")))
                .isExactlyInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(roundTrip(format, "jdk", new IllegalStateException("closed")))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("closed");
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void theCauseArrivesAsTextAndNeverAsAClass(SerializationFormat format) {
        IllegalStateException root = new IllegalStateException("pool exhausted");
        MessageOnlyException thrown = new MessageOnlyException("sold out");
        thrown.initCause(new IOException("stock service unreachable", root));

        Throwable read = roundTrip(format, "message", thrown);

        assertThat(read).isExactlyInstanceOf(MessageOnlyException.class).hasMessage("sold out");
        assertThat(read.getCause()).isExactlyInstanceOf(RemoteCause.class)
                .hasMessage("remote java.io.IOException: stock service unreachable");
        RemoteCause cause = (RemoteCause) read.getCause();
        assertThat(cause.remoteType()).isEqualTo("java.io.IOException");
        assertThat(cause.remoteMessage()).isEqualTo("stock service unreachable");
        assertThat(cause.getStackTrace()).isEmpty();
        assertThat(cause.getCause()).isExactlyInstanceOf(RemoteCause.class)
                .hasMessage("remote java.lang.IllegalStateException: pool exhausted").hasNoCause();
    }

    @Test
    void aLongCauseChainIsCutAndACycleEnds() {
        MessageOnlyException thrown = new MessageOnlyException("sold out");
        Throwable cause = thrown;
        for (int i = 0; i < 10; i++) {
            Throwable next = new IllegalStateException("level " + i);
            cause.initCause(next);
            cause = next;
        }

        Throwable read = roundTrip(SerializationFormat.JSON, "message", thrown);

        int depth = 0;
        for (Throwable current = read.getCause(); current != null; current = current.getCause()) {
            depth++;
        }
        assertThat(depth).isEqualTo(DeclaredExceptionCodec.MAX_CAUSES);
    }

    @Test
    void theMostSpecificDeclaredTypeIsChosenWhateverTheOrderOfTheThrowsClause() {
        InsufficientFundsException thrown = new InsufficientFundsException(250);

        assertThat(method("baseFirst").declaredExceptionIndex(thrown)).isEqualTo(1);
        assertThat(method("subclassFirst").declaredExceptionIndex(thrown)).isEqualTo(0);
        assertThat(method("baseFirst").declaredExceptionIndex(new OrderException("x"))).isEqualTo(0);
        assertThat(method("subclassFirst").declaredExceptionIndex(new OrderException("x"))).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void aSubclassDeclaredBesideItsBaseArrivesAsItself(SerializationFormat format) {
        for (String name : List.of("baseFirst", "subclassFirst")) {
            Throwable read = roundTrip(format, name, new InsufficientFundsException(250));

            assertThat(read).as(name).isExactlyInstanceOf(InsufficientFundsException.class).hasMessage("missing 250 cents");
            assertThat(((InsufficientFundsException) read).getMissing()).isEqualTo(250);
        }
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void anExceptionAConstructorWordsDifferentlyIsRefusedRatherThanCorrupted(SerializationFormat format) {
        assertThat(roundTrip(format, "detailed", new DetailedException("E42"))).hasMessage("E42");

        assertThatThrownBy(() -> roundTrip(format, "detailed", new DetailedException("E42", 7)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("property 'message' was \"E42 (detail 7)\" but is \"E42\"");
    }

    @Test
    void aPropertyOnlyANewerSenderHasIsIgnored() {
        byte[] body = "{\"message\":\"payment declined: card expired\",\"reason\":\"card expired\",\"retryable\":true}"
                .getBytes(StandardCharsets.UTF_8);

        Throwable read = read(SerializationFormat.JSON, "pay", body);

        assertThat(((PaymentDeclinedException) read).getReason()).isEqualTo("card expired");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> read(SerializationFormat.JSON, "pay", "[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> read(SerializationFormat.JSON, "pay", "{} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing data");
    }

    @Test
    void aCausesEntryNeverNamesAClassToLoad() {
        byte[] body = ("{\"message\":\"sold out\",\"@causes\":[{\"type\":\"java.lang.Runtime\",\"message\":{\"x\":1}},"
                + "{\"type\":7}]}").getBytes(StandardCharsets.UTF_8);

        Throwable read = read(SerializationFormat.JSON, "message", body);

        assertThat(read.getCause()).isExactlyInstanceOf(RemoteCause.class);
        assertThat(((RemoteCause) read.getCause()).remoteMessage()).isNull();
        assertThat(((RemoteCause) read.getCause().getCause()).remoteType()).isNull();
    }

    @Test
    void anExceptionWhoseConstructorTakesNoPropertyIsRefusedWhenResolved() {
        MethodDescriptor find = ServiceDescriptor.of(UnknownSkus.class).methods().get(0);

        assertThatIllegalArgumentException().isThrownBy(() -> JacksonSerialization.of(SerializationFormat.JSON).forMethod(find))
                .withMessageContaining("find() declares " + UnknownSkuException.class.getName() + ", which cannot travel")
                .withMessageContaining("none of its public constructors takes only parameters named after the "
                        + "properties it exposes [message]")
                .withMessageContaining("@JsonCreator");
    }

    @Test
    void aPropertyNothingRestoresIsRefusedWhenResolved() {
        MethodDescriptor renew = ServiceDescriptor.of(Expiring.class).methods().get(0);

        assertThatIllegalArgumentException().isThrownBy(() -> JacksonSerialization.of(SerializationFormat.JSON).forMethod(renew))
                .withMessageContaining("with its properties [ageMillis]").withMessageContaining("@JsonIgnore");
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void aDerivedPropertyMarkedIgnoredIsAccepted(SerializationFormat format) {
        assertThat(roundTrip(format, "marked", new MarkedExpiredException("renew by Friday"))).hasMessage("renew by Friday");
    }

    @Test
    void twoConstructorsOfEqualStandingMustBeChosenBetween() {
        MethodDescriptor choose = ServiceDescriptor.of(Ambiguous.class).methods().get(0);

        assertThatIllegalArgumentException().isThrownBy(() -> JacksonSerialization.of(SerializationFormat.JSON).forMethod(choose))
                .withMessageContaining("has two constructors").withMessageContaining("@JsonCreator");
    }

    private static MethodDescriptor method(String name) {
        return SHOP.methods().stream().filter(method -> method.name().equals(name)).findFirst().orElseThrow();
    }

    private static Throwable roundTrip(SerializationFormat format, String name, Throwable thrown) {
        MethodDescriptor method = method(name);
        MethodSerializer serializer = JacksonSerialization.of(format).forMethod(method);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            int index = method.declaredExceptionIndex(thrown);
            serializer.writeException(index, thrown, buf);
            Throwable read = serializer.readException(index, buf);
            assertThat(buf.isReadable()).as("the whole body is read").isFalse();
            return read;
        }
        finally {
            buf.release();
        }
    }

    private static Throwable read(SerializationFormat format, String name, byte[] body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeBytes(body);
            return JacksonSerialization.of(format).forMethod(method(name)).readException(0, buf);
        }
        finally {
            buf.release();
        }
    }
}
