package dev.rpc.core.e2e;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RemoteCause;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Declared exceptions thrown by a real server arrive at a real client as they were thrown, in every format. */
class DeclaredExceptionsEndToEndTests {

    /** Declared together with its subclass. */
    public static class PaymentException extends Exception {

        public PaymentException(String message) {
            super(message);
        }
    }

    /** Its lone String is the reason; the constructor words the message. */
    public static class PaymentDeclinedException extends PaymentException {

        private final String reason;

        public PaymentDeclinedException(String reason) {
            super("payment declined: " + reason);
            this.reason = reason;
        }

        public String getReason() {
            return reason;
        }
    }

    /** Its message can be chosen by a constructor the caller cannot call. */
    public static class FraudSuspectedException extends Exception {

        private final int score;

        public FraudSuspectedException(int score) {
            this(score, "fraud suspected");
        }

        FraudSuspectedException(int score, String wording) {
            super(wording + " (score " + score + ")");
            this.score = score;
        }

        public int getScore() {
            return score;
        }
    }

    public interface Payments {

        void pay(String card) throws PaymentException, PaymentDeclinedException, FraudSuspectedException;

        CompletableFuture<Void> payLater(String card) throws PaymentDeclinedException, PaymentException;
    }

    static final class FailingPayments implements Payments {

        @Override
        public void pay(String card) throws PaymentException, FraudSuspectedException {
            switch (card) {
                case "expired" -> throw new PaymentDeclinedException("card expired");
                case "offline" -> throw (PaymentException) new PaymentDeclinedException("issuer offline")
                        .initCause(new SQLException("connection refused", "08001"));
                case "generic" -> throw new PaymentException("try again later");
                case "fraud" -> throw new FraudSuspectedException(97, "blocked");
                default -> throw new FraudSuspectedException(12);
            }
        }

        @Override
        public CompletableFuture<Void> payLater(String card) {
            return CompletableFuture.failedFuture(new PaymentDeclinedException(card));
        }
    }

    private RpcServer server;

    private RpcClient client;

    private Payments connect(SerializationFormat format) {
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).build())
                .export(Payments.class, new FailingPayments())
                .start();
        client = RpcClient.create(RpcClientOptions.builder().defaultTimeout(Duration.ofSeconds(10)).format(format).build());
        return client.proxy(Payments.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void aDeclaredExceptionArrivesWithItsOwnPropertiesAndMessage(SerializationFormat format) {
        Payments payments = connect(format);

        assertThatExceptionOfType(PaymentDeclinedException.class).isThrownBy(() -> payments.pay("expired"))
                .withMessage("payment declined: card expired")
                .satisfies(declined -> assertThat(declined.getReason()).isEqualTo("card expired"))
                .withNoCause();
        assertThatExceptionOfType(PaymentException.class).isThrownBy(() -> payments.pay("generic"))
                .withMessage("try again later")
                .isExactlyInstanceOf(PaymentException.class);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void aSubclassArrivesAsItselfInTheFutureModeWhateverTheOrderOfTheThrowsClause(SerializationFormat format) {
        Payments payments = connect(format);

        assertThatThrownBy(() -> payments.payLater("stolen").get())
                .isInstanceOf(ExecutionException.class)
                .cause().isExactlyInstanceOf(PaymentDeclinedException.class).hasMessage("payment declined: stolen");
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void theCauseArrivesAsText(SerializationFormat format) {
        Payments payments = connect(format);

        assertThatExceptionOfType(PaymentDeclinedException.class).isThrownBy(() -> payments.pay("offline"))
                .withMessage("payment declined: issuer offline")
                .havingCause().isExactlyInstanceOf(RemoteCause.class)
                .withMessage("remote java.sql.SQLException: connection refused");
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void anExceptionThatCannotBeRebuiltAsSentArrivesAsAnApplicationErrorNotCorrupted(SerializationFormat format) {
        Payments payments = connect(format);

        assertThatExceptionOfType(FraudSuspectedException.class).isThrownBy(() -> payments.pay("anything"))
                .withMessage("fraud suspected (score 12)");
        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> payments.pay("fraud"))
                .satisfies(failure -> {
                    assertThat(failure.status()).isEqualTo(RpcStatus.APPLICATION_ERROR);
                    assertThat(failure.executionState()).isEqualTo(ExecutionState.EXECUTED);
                    assertThat(failure.remoteType()).isEqualTo(FraudSuspectedException.class.getName());
                    assertThat(failure.description()).isEqualTo("blocked (score 97)");
                });
    }
}
