package dev.rpc.discovery.zookeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Calls {@link Tally} from several threads until stopped, and records every call: which providers the client's
 * view held when it was made, and how it ended. Then checks that no call was lost or ran twice.
 */
final class LoadRun implements AutoCloseable {

    private final Tally tally;

    private final ProviderView view;

    private final Ledger ledger;

    private volatile int workMicros;

    private final ExecutorService threads;

    private final AtomicLong ids = new AtomicLong();

    private final AtomicLong completed = new AtomicLong();

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    private volatile boolean running = true;

    private LoadRun(Tally tally, ProviderView view, Ledger ledger, int threadCount, int workMicros) {
        this.tally = tally;
        this.view = view;
        this.ledger = ledger;
        this.workMicros = workMicros;
        this.threads = Executors.newFixedThreadPool(threadCount);
        for (int i = 0; i < threadCount; i++) {
            threads.execute(this::loop);
        }
    }

    /** Starts calling; clears the ledger first, so that it holds this run's calls only. */
    static LoadRun start(Tally tally, ProviderView view, Ledger ledger, int threadCount, int workMicros) {
        ledger.clear();
        return new LoadRun(tally, view, ledger, threadCount, workMicros);
    }

    private void loop() {
        while (running) {
            long id = ids.incrementAndGet();
            Set<Integer> seen = view.providers().stream().map(ServiceInstance::port).collect(Collectors.toSet());
            long started = System.nanoTime();
            try {
                String provider = tally.record(id, workMicros);
                calls.add(new Call(id, seen, provider, null, null, System.nanoTime() - started));
            }
            catch (RpcException ex) {
                calls.add(new Call(id, seen, null, ex, null, System.nanoTime() - started));
            }
            catch (Throwable ex) {
                calls.add(new Call(id, seen, null, null, ex, System.nanoTime() - started));
            }
            completed.incrementAndGet();
        }
    }

    /** Changes how long each following call works on its provider. */
    void workMicros(int workMicros) {
        this.workMicros = workMicros;
    }

    /** Returns the number of calls that ended so far. */
    long completed() {
        return completed.get();
    }

    /** Waits (at most {@code limit}) until {@code more} further calls have ended. */
    void awaitMoreCalls(int more, Duration limit) {
        long target = completed.get() + more;
        await().atMost(limit).until(() -> completed.get() >= target);
    }

    /** Returns the calls that ended so far. */
    List<Call> calls() {
        return new ArrayList<>(calls);
    }

    /** Stops the threads and waits for every call in progress to end; a call that does not end fails the test. */
    Figures stop() throws InterruptedException {
        running = false;
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).as("every call ends (none left hanging)").isTrue();
        return new Figures(ids.get(), List.copyOf(calls), ledger);
    }

    @Override
    public void close() {
        running = false;
        threads.shutdownNow();
    }

    /** One call and how it ended. */
    record Call(long id, Set<Integer> portsInView, String provider, RpcException failure, Throwable unexpected,
            long nanos) {

        boolean succeeded() {
            return provider != null;
        }
    }

    /** What a run measured. */
    record Figures(long issued, List<Call> calls, Ledger ledger) {

        long succeeded() {
            return calls.stream().filter(Call::succeeded).count();
        }

        List<Call> failed() {
            return calls.stream().filter(call -> !call.succeeded()).toList();
        }

        /** Calls made and never ended: each thread stops only after its call ends, so issued - ended. */
        long lost() {
            return issued - calls.size();
        }

        Map<String, Long> spread() {
            return new TreeMap<>(calls.stream().filter(Call::succeeded)
                    .collect(Collectors.groupingBy(Call::provider, Collectors.counting())));
        }

        /** Failed calls by status and execution state. */
        Map<String, Long> failures() {
            return new TreeMap<>(failed().stream().collect(Collectors.groupingBy(call -> call.failure() != null
                    ? call.failure().status() + "/" + call.failure().executionState()
                    : call.unexpected().getClass().getSimpleName(), Collectors.counting())));
        }

        /** Failed calls that nevertheless ran on a provider (possible only when the answer was lost). */
        long failedButRan() {
            return failed().stream().filter(call -> !ledger.executionsOf(call.id()).isEmpty()).count();
        }

        long maxMillis() {
            return calls.stream().mapToLong(Call::nanos).max().orElse(0) / 1_000_000;
        }

        /**
         * Asserts that nothing was lost, nothing ran twice, a successful call ran exactly once where it says, and
         * a failed call ran only if its execution state admits it.
         */
        Figures assertConsistent() {
            assertThat(lost()).as("calls lost").isZero();
            assertThat(ledger.duplicates()).as("calls that ran more than once").isZero();
            assertThat(calls).as("no call failed with anything but an RpcException")
                    .allSatisfy(call -> assertThat(call.unexpected()).isNull());
            for (Call call : calls) {
                List<String> ran = ledger.executionsOf(call.id());
                if (call.succeeded()) {
                    assertThat(ran).as("call %d", call.id()).containsExactly(call.provider());
                }
                else if (call.failure().executionState() == ExecutionState.NOT_EXECUTED) {
                    assertThat(ran).as("call %d failed as not executed", call.id()).isEmpty();
                }
                else if (call.failure().executionState() == ExecutionState.EXECUTED) {
                    assertThat(ran).as("call %d failed as executed", call.id()).hasSize(1);
                }
            }
            assertThat(ledger.totalExecutions()).as("executions == successful calls + failed calls that ran")
                    .isEqualTo(succeeded() + failedButRan());
            return this;
        }

        Figures print(String label) {
            System.out.printf("[figures] %s: calls=%d succeeded=%d failed=%d %s lost=%d duplicates=%d executions=%d "
                            + "(of failed calls: %d ran) spread=%s slowest=%d ms%n", label, issued, succeeded(),
                    failed().size(), failures(), lost(), ledger.duplicates(), ledger.totalExecutions(), failedButRan(),
                    spread(), maxMillis());
            return this;
        }
    }
}
