package dev.rpc.spring.boot.security;

import java.util.List;

import dev.rpc.core.server.ServerCallContext;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.fixtures.ScaleService;
import org.junit.jupiter.api.Test;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RpcAuthorizationRulesTests {

    private static final ServiceDescriptor SCALE = ServiceDescriptor.of(ScaleService.class);

    private static final String NAME = ScaleService.class.getName();

    private final AuthorizationManager<ServerCallContext> bySignature = SingleResultAuthorizationManager.permitAll();

    private final AuthorizationManager<ServerCallContext> byName = SingleResultAuthorizationManager.denyAll();

    private final AuthorizationManager<ServerCallContext> byService = (authentication, call) -> null;

    @Test
    void theSignatureWinsOverTheName() {
        RpcAuthorizationRules rules = RpcAuthorizationRules.builder()
                .rule(NAME + "/weigh", this.byName)
                .rule(NAME + "/weigh(long, java.lang.String)", this.bySignature)
                .build();

        assertThat(rules.ruleFor(method("weigh(long,java.lang.String)"))).isSameAs(this.bySignature);
        assertThat(rules.ruleFor(method("weigh(long)"))).isSameAs(this.byName);
    }

    @Test
    void theNameWinsOverTheService() {
        RpcAuthorizationRules rules = RpcAuthorizationRules.builder()
                .rule(NAME + "/*", this.byService)
                .rule(NAME + "/weigh", this.byName)
                .build();

        assertThat(rules.ruleFor(method("weigh(long)"))).isSameAs(this.byName);
    }

    @Test
    void theServiceCoversTheMethodsNoOtherKeyNames() {
        RpcAuthorizationRules rules = RpcAuthorizationRules.builder()
                .rule(NAME + "/*", this.byService)
                .rule(NAME + "/weigh(long)", this.bySignature)
                .build();

        assertThat(rules.ruleFor(method("weigh(long,java.lang.String)"))).isSameAs(this.byService);
    }

    @Test
    void aMethodNoKeyNamesHasNoRule() {
        RpcAuthorizationRules rules = RpcAuthorizationRules.builder().rule(NAME + "/weigh(long)", this.byName).build();

        assertThat(rules.ruleFor(method("weigh(long,java.lang.String)"))).isNull();
    }

    @Test
    void keysThatNameNothingExportedAreReported() {
        RpcAuthorizationRules rules = RpcAuthorizationRules.builder()
                .rule(NAME + "/weigh", this.byName)
                .rule(NAME + "/wiegh", this.byName)
                .rule(NAME + "/weigh(int)", this.byName)
                .rule("com.acme.Missing/*", this.byName)
                .build();

        assertThat(rules.unknownKeys(List.of(SCALE))).containsExactly("com.acme.Missing/*", NAME + "/weigh(int)",
                NAME + "/wiegh");
    }

    @Test
    void aKeyWithoutServiceOrMethodIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> RpcAuthorizationRules.builder().rule("weigh", this.byName))
                .withMessageContaining("'weigh' must be <service>/<method>");
        assertThatIllegalArgumentException().isThrownBy(() -> RpcAuthorizationRules.builder().rule(NAME + "/", this.byName))
                .withMessageContaining("must be <service>/<method>");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> RpcAuthorizationRules.builder()
                .rule(NAME + "/weigh(long,java.lang.String)", this.byName)
                .rule(NAME + "/weigh(long, java.lang.String)", this.byName))
                .withMessageContaining("is given twice");
    }

    private static MethodDescriptor method(String signature) {
        return SCALE.methods().stream().filter(method -> method.signature().equals(signature)).findFirst().orElseThrow();
    }
}
