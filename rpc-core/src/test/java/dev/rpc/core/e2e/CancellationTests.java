package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import dev.rpc.core.client.CallModeResolver;
import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.context.CallContext;
import dev.rpc.core.context.Cancellation;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A caller that gives up tells the server: calls not started are dropped, running ones see it, and what they called
 * downstream is cancelled too. Deadlines pass from a served call to the calls it makes.
 */
class CancellationTests {

    private final List<RpcServer> servers = new ArrayList<>();

    private final List<RpcClient> clients = new ArrayList<>();

    private final List<Jobs.Service> services = new ArrayList<>();

    @AfterEach
    void stop() {
        services.forEach(service -> service.gates.values().forEach(CountDownLatch::countDown));
        clients.forEach(RpcClient::close);
        servers.forEach(server -> server.shutdown(Duration.ofSeconds(5)));
    }

    private Jobs.Service serve(RpcServerOptions.Builder options) {
        Jobs.Service service = new Jobs.Service();
        servers.add(RpcServer.create(options.bindAddress("127.0.0.1").port(0).ioThreads(1).build())
                .export(Jobs.class, service).start());
        services.add(service);
        return service;
    }

    private Jobs connect(int serverIndex, ReferenceOptions.Builder reference) {
        RpcClient client = RpcClient.create(RpcClientOptions.builder().ioThreads(1).defaultTimeout(Duration.ofSeconds(30))
                .callModeResolver(CallModeResolver.callbackWhenAnnotated(Callback.class)).build());
        clients.add(client);
        return client.proxy(Jobs.class, reference.build());
    }

    private ReferenceOptions.Builder to(int serverIndex) {
        return ReferenceOptions.to("127.0.0.1:" + servers.get(serverIndex).port());
    }

    @Test
    void aRunningMethodSeesItsCallerCancelTheFuture() {
        Jobs.Service service = serve(RpcServerOptions.builder());
        Jobs jobs = connect(0, to(0));
        jobs.echo("the connection learns that the server knows CANCEL");

        CompletableFuture<String> running = jobs.waitForCancelLater("running");
        await().until(() -> service.ran.contains("running"));
        running.cancel(true);

        await().until(() -> service.cancelled.contains("running"));
    }

    @Test
    void aCallCancelledWhileQueuedNeverRuns() {
        Jobs.Service service = serve(RpcServerOptions.builder().executor(ServerExecutor.bounded(1, 16)));
        Jobs jobs = connect(0, to(0));
        jobs.echo("warm-up");

        CompletableFuture<String> blocking = CompletableFuture.supplyAsync(() -> jobs.block("gate"));
        await().until(() -> service.ran.contains("gate"));
        CompletableFuture<String> queued = jobs.echoLater("queued");
        await().until(() -> servers.get(0).callsInFlight() == 2); // the server holds it, waiting for the worker
        queued.cancel(true);
        CompletableFuture<String> after = jobs.echoLater("after"); // on the same connection, after the CANCEL
        await().until(() -> servers.get(0).callsInFlight() == 3); // so the CANCEL before it was read too

        service.gate("gate").countDown();

        assertThat(after.join()).isEqualTo("after");
        assertThat(blocking.join()).isEqualTo("gate");
        assertThat(service.ran).doesNotContain("queued");
    }

    @Test
    void aCallWhoseClientTimedOutIsCancelledOnTheServer() {
        Jobs.Service service = serve(RpcServerOptions.builder());
        Jobs jobs = connect(0, to(0).methodTimeout("waitForCancel", Duration.ofMillis(300)));
        jobs.echo("warm-up");

        assertThatExceptionOfType(RpcException.class).isThrownBy(() -> jobs.waitForCancel("timed out"))
                .satisfies(failure -> assertThat(failure.status()).isEqualTo(RpcStatus.DEADLINE_EXCEEDED));

        await().until(() -> service.cancelled.contains("timed out"));
    }

    @Test
    void callsOfAClientThatClosesAreCancelled() {
        Jobs.Service service = serve(RpcServerOptions.builder());
        Jobs jobs = connect(0, to(0));

        jobs.waitForCancelLater("orphan");
        await().until(() -> service.ran.contains("orphan"));
        clients.get(0).close();

        await().until(() -> service.cancelled.contains("orphan"));
    }

    @Test
    void cancellingACallCancelsTheCallsItMadeDownstream() {
        Jobs.Service downstream = serve(RpcServerOptions.builder());
        Jobs.Service upstream = serve(RpcServerOptions.builder());
        upstream.downstream = connect(0, to(0));
        upstream.downstream.echo("warm-up");
        Jobs jobs = connect(1, to(1));
        jobs.echo("warm-up");

        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> jobs.downstreamWaitForCancel("cascade"));
        await().until(() -> downstream.ran.contains("cascade"));
        clients.get(1).close();

        await().until(() -> downstream.cancelled.contains("cascade"));
        assertThat(call).isCompletedExceptionally();
    }

    @Test
    void aCancelledCallsThreadIsInterruptedWhenTheServerIsSoConfigured() {
        Jobs.Service service = serve(RpcServerOptions.builder().interruptOnCancel(true));
        Jobs jobs = connect(0, to(0));
        jobs.echo("warm-up");

        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> jobs.interruptible("interrupt me"));
        await().until(() -> service.ran.contains("interrupt me"));
        clients.get(0).close();

        await().until(() -> service.interrupted.contains("interrupt me"));
        assertThat(call).failsWithin(Duration.ofSeconds(10));
    }

    @Test
    void aCallMadeWhileServingInheritsTheRemainingDeadline() throws Exception {
        serve(RpcServerOptions.builder());
        Jobs.Service upstream = serve(RpcServerOptions.builder());
        upstream.downstream = connect(0, to(0).timeout(Duration.ofSeconds(60)));
        Jobs jobs = connect(1, to(1).timeout(Duration.ofSeconds(3)));

        long inherited = jobs.downstreamRemainingMillis();

        assertThat(inherited).isBetween(1L, 3_000L);
    }

    @Test
    void aReferenceThatOptsOutKeepsItsOwnTimeout() {
        serve(RpcServerOptions.builder());
        Jobs.Service upstream = serve(RpcServerOptions.builder());
        upstream.downstream = connect(0, to(0).timeout(Duration.ofSeconds(60)).inheritDeadline(false));
        Jobs jobs = connect(1, to(1).timeout(Duration.ofSeconds(3)));

        assertThat(jobs.downstreamRemainingMillis()).isGreaterThan(3_000L);
    }

    @Test
    void aCallCancelledThroughItsContextFailsCancelledAndTellsTheServer() {
        Jobs.Service service = serve(RpcServerOptions.builder());
        Jobs jobs = connect(0, to(0));
        jobs.echo("warm-up");
        Cancellation cancellation = new Cancellation();

        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> {
            String[] outcome = new String[1];
            CallContext.ROOT.withCancellation(cancellation).run(() -> {
                try {
                    outcome[0] = jobs.waitForCancel("by context");
                }
                catch (RpcException ex) {
                    outcome[0] = ex.status().name();
                }
            });
            return outcome[0];
        });
        await().until(() -> service.ran.contains("by context"));
        cancellation.cancel();

        assertThat(call.join()).isEqualTo("CANCELLED");
        await().until(() -> service.cancelled.contains("by context"));
    }
}
