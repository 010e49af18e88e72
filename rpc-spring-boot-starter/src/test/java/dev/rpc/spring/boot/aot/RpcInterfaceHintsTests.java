package dev.rpc.spring.boot.aot;

import java.util.List;

import dev.rpc.spring.boot.aot.OrderLookup.Address;
import dev.rpc.spring.boot.aot.OrderLookup.Invoice;
import dev.rpc.spring.boot.aot.OrderService.Line;
import dev.rpc.spring.boot.aot.OrderService.Money;
import dev.rpc.spring.boot.aot.OrderService.Order;
import dev.rpc.spring.boot.aot.OrderService.OrderRejectedException;
import dev.rpc.spring.boot.aot.OrderService.Reason;
import dev.rpc.spring.boot.aot.OrderService.Receipt;
import dev.rpc.spring.boot.aot.OrderService.Status;
import dev.rpc.spring.boot.aot.OrderService.Summary;
import dev.rpc.spring.boot.aot.OrderService.Tag;
import dev.rpc.spring.boot.aot.OrderService.Unrelated;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

class RpcInterfaceHintsTests {

    private final RuntimeHints hints = new RuntimeHints();

    private final RpcInterfaceHints interfaceHints = new RpcInterfaceHints();

    @Test
    void referencedInterfaceGetsTheJdkProxyTheClientCreates() {
        this.interfaceHints.registerReferenced(this.hints, OrderService.class);

        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(OrderService.class, AopInfrastructureBean.class))
                .accepts(this.hints);
    }

    @Test
    void exportedInterfaceGetsNoProxy() {
        this.interfaceHints.registerExported(this.hints, OrderService.class);

        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(OrderService.class, AopInfrastructureBean.class))
                .rejects(this.hints);
    }

    @Test
    void theInterfaceMethodsCanBeInvokedReflectively() {
        this.interfaceHints.registerExported(this.hints, OrderService.class);

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderService.class, "place")).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderLookup.class, "find"))
                .accepts(this.hints);
    }

    @Test
    void everyTypeReachableFromTheSignaturesGetsConstructorsMethodsAndFields() {
        this.interfaceHints.registerReferenced(this.hints, OrderService.class);

        // parameter, its list's elements, a record component of those; a future's result and its enum;
        // map values; array components; a type variable the interface binds, and a field of that class
        for (Class<?> type : new Class<?>[] { Order.class, Line.class, Money.class, Receipt.class, Status.class,
                Summary.class, Tag.class, Invoice.class, Address.class }) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type).withMemberCategories(
                    MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS,
                    MemberCategory.ACCESS_DECLARED_FIELDS)).as(type.getSimpleName()).accepts(this.hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Money.class, "cents")).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(Invoice.class, "billedTo")).accepts(this.hints);
    }

    @Test
    void declaredExceptionGetsItsCreatorItsPropertiesAndTheGettersOfThrowable() throws Exception {
        this.interfaceHints.registerReferenced(this.hints, OrderService.class);

        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(
                OrderRejectedException.class.getConstructor(Reason.class))).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderRejectedException.class, "getReason"))
                .accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Reason.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Throwable.class, "getMessage"))
                .accepts(this.hints);
    }

    @Test
    void selfReferencingTypesAndUnboundTypeVariablesEndTheWalk() {
        this.interfaceHints.registerReferenced(this.hints, TreeService.class);

        assertThat(RuntimeHintsPredicates.reflection().onType(TreeService.Tree.class)).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(TreeService.Ranked.class)).accepts(this.hints);
    }

    @Test
    void typesReachableOnlyFromLocalMethodsAreLeftOut() {
        this.interfaceHints.registerReferenced(this.hints, OrderService.class);

        assertThat(RuntimeHintsPredicates.reflection().onType(Unrelated.class)).rejects(this.hints);
    }

    /** Types whose walk would not end by following type arguments alone. */
    public interface TreeService {

        Tree tree(String root);

        @SuppressWarnings("rawtypes")
        Ranked ranked();

        record Tree(String name, List<Tree> children) {
        }

        /** Used raw above, so its variable stays unbound: its bound names the variable again. */
        class Ranked<T extends Comparable<T>> {

            private T value;

            public T getValue() {
                return this.value;
            }
        }
    }
}
