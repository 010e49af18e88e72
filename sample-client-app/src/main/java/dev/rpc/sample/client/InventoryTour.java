package dev.rpc.sample.client;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.CallbackCall;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.sample.api.InventoryService;
import dev.rpc.sample.api.Item;
import dev.rpc.sample.api.MethodStatistics;
import dev.rpc.sample.api.OutOfStockException;
import dev.rpc.sample.api.Reservation;
import dev.rpc.sample.api.ServerStatistics;
import dev.rpc.sample.api.StockLevel;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.client.RpcCallbackAcknowledgedEvent;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Calls each method of the inventory service and tells, in plain words, what happened. With the {@code secure}
 * profile ({@code inventory-tour.secure}) every call goes over mutual TLS with credentials, and one more step shows a
 * call the server refuses.
 */
@Component
public class InventoryTour implements ApplicationRunner, ExitCodeGenerator {

    private final InventoryService inventory;

    private final boolean secure;

    private final ServerStatistics statistics;

    private final Tracer tracer;

    private final PrintStream out = System.out;

    private final CompletableFuture<CallbackCall> restockAcknowledged = new CompletableFuture<>();

    private int failures;

    /** The proxies come through the constructor; their settings are under rpc.client.services.inventory and .statistics. */
    public InventoryTour(@RpcReference(service = "inventory") InventoryService inventory,
            @RpcReference(service = "statistics") ServerStatistics statistics, Tracer tracer,
            @Value("${inventory-tour.secure:false}") boolean secure) {
        this.inventory = inventory;
        this.statistics = statistics;
        this.tracer = tracer;
        this.secure = secure;
    }

    @Override
    public void run(ApplicationArguments args) {
        this.out.println();
        this.out.println(this.secure ? "== Inventory tour (profile secure: mutual TLS, calls as user inventory-client) =="
                : "== Inventory tour ==");
        step("1. blocking call", this::blocking);
        step("2. CompletableFuture call", this::future);
        step("3. callback call (@Async void)", this::callback);
        step("4. generic result (List<Item>)", this::generic);
        step("5. declared business exception", this::businessException);
        step("6. per-method timeout from application.yml", this::timeout);
        step("7. interceptors: a header added by the client, read by the server", this::interceptors);
        step("8. observed: one trace across the call, the server's metrics per method", this::observed);
        int steps = 8;
        if (this.secure) {
            step("9. authorization: writeOff needs ROLE_ADMIN, which this client does not have", this::refused);
            steps = 9;
        }
        this.out.println(this.failures == 0 ? "== All " + steps + " steps went as expected ==" : "== " + this.failures + " step(s) failed ==");
        this.out.println();
    }

    private void blocking() {
        long start = System.nanoTime();
        StockLevel level = this.inventory.stock("sku-1");
        this.out.printf("   stock(sku-1) returned %d available, in %d ms (the first call also opens the connection)%n", level.available(), millisSince(start));
        expect(level.available() == 12, "12 units of sku-1");
    }

    private void future() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<StockLevel> pending = this.inventory.stockLater("sku-2");
        this.out.printf("   stockLater(sku-2) returned a future at once (%d ms), not yet waited on%n", millisSince(start));
        StockLevel level = pending.get(5, TimeUnit.SECONDS);
        this.out.printf("   the future completed with %d available, %d ms after the call%n", level.available(), millisSince(start));
        expect(level.available() == 3, "3 units of sku-2");
    }

    private void callback() throws Exception {
        long start = System.nanoTime();
        this.inventory.restock("sku-3", 5);
        this.out.printf("   restock(sku-3, 5) returned at once (%d ms)%n", millisSince(start));
        CallbackCall acknowledged = this.restockAcknowledged.get(5, TimeUnit.SECONDS);
        this.out.printf("   the server acknowledged request %d after restocking, %d ms after the call%n",
                acknowledged.requestId(), millisSince(start));
        StockLevel level = this.inventory.stock("sku-3");
        this.out.printf("   stock(sku-3) is now %d%n", level.available());
        expect(level.available() == 5, "5 units of sku-3 after restocking");
    }

    private void generic() {
        List<Item> kitchen = this.inventory.catalog("kitchen");
        kitchen.forEach(item -> this.out.printf("   %s: %s, %s EUR%n", item.sku(), item.name(), item.price()));
        expect(kitchen.size() == 2 && kitchen.get(0) instanceof Item, "two kitchen items, as Item records");
    }

    private void businessException() {
        try {
            Reservation reservation = this.inventory.reserve("sku-2", 10);
            this.out.printf("   unexpectedly reserved %s%n", reservation);
            expect(false, "an OutOfStockException");
        }
        catch (OutOfStockException ex) {
            this.out.printf("   reserve(sku-2, 10) threw %s: \"%s\" (requested %d, available %d)%n",
                    ex.getClass().getSimpleName(), ex.getMessage(), ex.getRequested(), ex.getAvailable());
            expect(ex.getAvailable() == 3, "3 available in the exception");
        }
    }

    private void timeout() {
        long start = System.nanoTime();
        try {
            StockLevel level = this.inventory.audit("sku-1");
            this.out.printf("   unexpectedly answered %s%n", level);
            expect(false, "a timeout");
        }
        catch (RpcException ex) {
            this.out.printf("   audit(sku-1) takes about 1 s on the server; the client gave up after %d ms: %s, "
                    + "the method %s%n", millisSince(start), ex.status(), switch (ex.executionState()) {
                        case NOT_EXECUTED -> "did not run";
                        case EXECUTED -> "ran";
                        case UNKNOWN -> "may or may not have run";
                    });
            expect(ex.status() == RpcStatus.DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED after the 300 ms method timeout");
        }
    }

    private void interceptors() {
        String caller = this.inventory.caller();
        this.out.printf("   the client's CallerHeader interceptor sent caller=inventory-client; the server's "
                + "CallerInterceptor read it and the service method answered \"%s\"%n", caller);
        expect("inventory-client".equals(caller), "the server to see the caller header");
    }

    private void refused() {
        try {
            StockLevel level = this.inventory.writeOff("sku-1", 2);
            this.out.printf("   unexpectedly wrote off 2 of sku-1: %d left%n", level.available());
            expect(false, "PERMISSION_DENIED");
        }
        catch (RpcException ex) {
            this.out.printf("   writeOff(sku-1, 2) was refused: %s, %s: \"%s\"%n", ex.status(), ex.executionState(),
                    ex.description());
            expect(ex.status() == RpcStatus.PERMISSION_DENIED && ex.executionState() == ExecutionState.NOT_EXECUTED,
                    "PERMISSION_DENIED, NOT_EXECUTED: the server's rule refused it before the method ran");
        }
        StockLevel level = this.inventory.stock("sku-1");
        this.out.printf("   stock(sku-1) is still %d%n", level.available());
        expect(level.available() == 12, "12 units of sku-1: nothing was written off");
    }

    private void observed() {
        Span span = this.tracer.nextSpan().name("inventory-tour").start();
        try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
            this.inventory.stock("sku-1");
        }
        finally {
            span.end();
        }
        this.out.printf("   stock(sku-1) was called in trace %s; the server logged it with the same trace id%n",
                span.context().traceId());
        this.out.println("   trace id: " + span.context().traceId());
        List<MethodStatistics> calls = this.statistics.calls();
        this.out.println("   the server's rpc.server timers, per method and status:");
        this.out.printf("     %-12s %-20s %5s %9s %9s%n", "method", "status", "calls", "p50 ms", "p99 ms");
        calls.forEach(call -> this.out.printf("     %-12s %-20s %5d %9.2f %9.2f%n", call.method(), call.status(),
                call.count(), call.p50Millis(), call.p99Millis()));
        expect(calls.stream().anyMatch(call -> call.method().equals("stock") && call.status().equals("OK")
                && call.count() >= 3), "the server to have counted the 3 stock(...) calls");
    }

    /** Acknowledgements of callback-mode calls arrive as events, on the starter's callback thread. */
    @EventListener
    public void onAcknowledged(RpcCallbackAcknowledgedEvent event) {
        if (event.getCall().method().name().equals("restock")) {
            this.restockAcknowledged.complete(event.getCall());
        }
    }

    private void step(String title, Step step) {
        this.out.println(title);
        try {
            step.run();
        }
        catch (Exception ex) {
            this.failures++;
            this.out.println("   FAILED: " + ex);
        }
    }

    private void expect(boolean condition, String what) {
        if (condition) {
            this.out.println("   ok: " + what);
        }
        else {
            this.failures++;
            this.out.println("   FAILED: expected " + what);
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Override
    public int getExitCode() {
        return this.failures == 0 ? 0 : 1;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
