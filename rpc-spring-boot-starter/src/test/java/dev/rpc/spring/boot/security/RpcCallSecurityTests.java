package dev.rpc.spring.boot.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.rpc.core.context.CallContext;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.spring.boot.fixtures.CallbackRecorder;
import dev.rpc.spring.boot.fixtures.VaultService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Calls to a server secured with Spring Security ({@link SecuredVaultServer}), from clients with and without
 * credentials, in each call mode: who the method runs as, and what a refused caller gets.
 */
class RpcCallSecurityTests {

    private static ConfigurableApplicationContext server;

    private static final Map<String, ConfigurableApplicationContext> clients = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServer() {
        server = Apps.server(SecuredVaultServer.class);
    }

    @AfterAll
    static void stop() {
        clients.values().forEach(ConfigurableApplicationContext::close);
        clients.clear();
        server.close();
    }

    @BeforeEach
    void forgetEarlierCalls() {
        bodies().clear();
        clients.values().forEach(client -> client.getBean(CallbackRecorder.class).failures.clear());
    }

    @Test
    void theMethodRunsAsTheCallerOfBasicCredentials() {
        assertThat(vault("alice").whoAmI()).isEqualTo("alice");
        assertThat(bodies().ran).containsExactly("whoAmI as alice");
    }

    @Test
    void theMethodRunsAsTheSubjectOfABearerToken() {
        VaultService dave = Apps.vault(client("dave-token", Apps.bearer(TestTokens.token("dave"))));

        assertThat(dave.whoAmI()).isEqualTo("dave");
    }

    @Test
    void aFutureMethodRunsAsTheCaller() {
        assertThat(vault("bob").whoAmILater()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("bob");
    }

    @Test
    void aCallbackMethodRunsAsTheCaller() {
        vault("bob").note("hello");

        await().until(() -> bodies().ran.contains("note hello as bob"));
    }

    @Test
    void responseModeCallWithoutCredentialsIsUnauthenticatedAndDoesNotRun() {
        assertRefused(() -> anonymous().whoAmI(), RpcStatus.UNAUTHENTICATED, ExecutionState.NOT_EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void futureModeCallWithoutCredentialsIsUnauthenticatedAndDoesNotRun() {
        assertRefusedLater(anonymous().whoAmILater(), RpcStatus.UNAUTHENTICATED, ExecutionState.NOT_EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void callbackModeCallWithoutCredentialsIsUnauthenticatedAndDoesNotRun() {
        anonymous().note("hello");

        assertRefusedCallback(client("anonymous"), RpcStatus.UNAUTHENTICATED, ExecutionState.NOT_EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void aWrongPasswordIsUnauthenticated() {
        VaultService mallory = Apps.vault(client("alice-wrong", Apps.basic("alice", "guess")));

        assertRefused(mallory::whoAmI, RpcStatus.UNAUTHENTICATED, ExecutionState.NOT_EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void aTokenSignedByAnUntrustedKeyIsUnauthenticated() {
        VaultService forger = Apps.vault(client("forged", Apps.bearer(TestTokens.forgedToken("alice"))));

        assertRefused(forger::whoAmI, RpcStatus.UNAUTHENTICATED, ExecutionState.NOT_EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void malformedBasicCredentialsAreUnauthenticated() {
        assertRefused(() -> CallContext.with("authorization", "Basic not-base64!").call(anonymous()::open),
                RpcStatus.UNAUTHENTICATED, ExecutionState.NOT_EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void aMethodARulePermitsToAnyoneRunsAsAnAnonymousCaller() {
        assertThat(anonymous().open()).isEqualTo("anonymousUser");
    }

    @Test
    void aCallerARuleAllowsRuns() {
        assertThat(vault("bob").restock("A-1")).isEqualTo("restocked A-1 by bob");
    }

    @Test
    void responseModeCallARuleRefusesIsPermissionDeniedAndDoesNotRun() {
        assertRefused(() -> vault("alice").restock("A-1"), RpcStatus.PERMISSION_DENIED, ExecutionState.NOT_EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void futureModeCallARuleRefusesIsPermissionDeniedAndDoesNotRun() {
        assertRefusedLater(vault("alice").restockLater("A-1"), RpcStatus.PERMISSION_DENIED, ExecutionState.NOT_EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void callbackModeCallARuleRefusesIsPermissionDeniedAndDoesNotRun() {
        vault("alice").restockQuietly("A-1");

        assertRefusedCallback(client("alice"), RpcStatus.PERMISSION_DENIED, ExecutionState.NOT_EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void aRuleRefusingAnAnonymousCallerIsUnauthenticated() {
        assertRefused(() -> anonymous().restock("A-1"), RpcStatus.UNAUTHENTICATED, ExecutionState.NOT_EXECUTED);
    }

    @Test
    void preAuthorizeAllowsTheCallerItNames() {
        assertThat(vault("carol").audit()).isEqualTo("audited by carol");
    }

    @Test
    void responseModeCallPreAuthorizeRefusesIsPermissionDeniedAndItsBodyDoesNotRun() {
        assertRefused(() -> vault("alice").audit(), RpcStatus.PERMISSION_DENIED, ExecutionState.EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void futureModeCallPreAuthorizeRefusesIsPermissionDeniedAndItsBodyDoesNotRun() {
        assertRefusedLater(vault("alice").auditLater(), RpcStatus.PERMISSION_DENIED, ExecutionState.EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    @Test
    void callbackModeCallPreAuthorizeRefusesIsPermissionDeniedAndItsBodyDoesNotRun() {
        vault("alice").auditQuietly();

        assertRefusedCallback(client("alice"), RpcStatus.PERMISSION_DENIED, ExecutionState.EXECUTED);
        assertThat(bodies().ran).isEmpty();
    }

    private static SecuredVaultServer.Bodies bodies() {
        return server.getBean(SecuredVaultServer.Bodies.class);
    }

    /** Returns the vault of a client with a user's basic credentials; each password is the name and "-pw". */
    private static VaultService vault(String user) {
        return Apps.vault(client(user, Apps.basic(user, user + "-pw")));
    }

    private static VaultService anonymous() {
        return Apps.vault(client("anonymous"));
    }

    private static ConfigurableApplicationContext client(String name, String... properties) {
        return clients.computeIfAbsent(name, key -> Apps.vaultClient(Apps.port(server), properties));
    }

    private static void assertRefused(ThrowingCall call, RpcStatus status, ExecutionState state) {
        assertThatExceptionOfType(RpcException.class).isThrownBy(call::call).satisfies(refusal(status, state));
    }

    private static void assertRefusedLater(CompletableFuture<?> outcome, RpcStatus status, ExecutionState state) {
        assertThat(outcome).failsWithin(Duration.ofSeconds(10))
                .withThrowableThat()
                .havingCause()
                .isInstanceOfSatisfying(RpcException.class, refusal(status, state));
    }

    private static void assertRefusedCallback(ConfigurableApplicationContext client, RpcStatus status,
            ExecutionState state) {
        CallbackRecorder recorder = client.getBean(CallbackRecorder.class);
        await().until(() -> !recorder.failures.isEmpty());
        assertThat(recorder.failures).singleElement().satisfies(failure -> assertThat(failure.failure())
                .isInstanceOfSatisfying(RpcException.class, refusal(status, state)));
    }

    private static Consumer<RpcException> refusal(RpcStatus status, ExecutionState state) {
        return ex -> {
            assertThat(ex.status()).isEqualTo(status);
            assertThat(ex.executionState()).isEqualTo(state);
        };
    }

    @FunctionalInterface
    private interface ThrowingCall {

        void call() throws Exception;
    }
}
