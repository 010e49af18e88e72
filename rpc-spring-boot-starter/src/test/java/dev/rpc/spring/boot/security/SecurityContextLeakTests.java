package dev.rpc.spring.boot.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rpc.core.server.ServerExecutor;
import dev.rpc.spring.boot.fixtures.VaultService;
import dev.rpc.spring.boot.server.RpcServerCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker thread never carries one call's authentication into the next call, nor keeps it afterwards: two users
 * share a server whose methods run on two worker threads (spring-projects/spring-grpc#245 was this leak).
 */
class SecurityContextLeakTests {

    private static final int CALLS_PER_USER = 500;

    private static final int CALLERS_PER_USER = 2;

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    private final ExecutorService callers = Executors.newFixedThreadPool(2 * CALLERS_PER_USER + 1);

    @AfterEach
    void close() {
        this.callers.shutdownNow();
        for (int i = this.contexts.size() - 1; i >= 0; i--) {
            this.contexts.get(i).close();
        }
    }

    @Test
    void noAuthenticationLeaksAcrossAThousandCallsFromTwoUsersOnTwoWorkers() throws Exception {
        ConfigurableApplicationContext server = start(Apps.server(new Class<?>[] { SecuredVaultServer.class,
                TwoWorkers.class }));
        int port = Apps.port(server);
        VaultService alice = Apps.vault(start(Apps.vaultClient(port, Apps.basic("alice", "alice-pw"))));
        VaultService bob = Apps.vault(start(Apps.vaultClient(port, Apps.basic("bob", "bob-pw"))));
        VaultService anonymous = Apps.vault(start(Apps.vaultClient(port)));

        List<Future<List<String>>> seen = new ArrayList<>();
        for (int i = 0; i < CALLERS_PER_USER; i++) {
            seen.add(this.callers.submit(repeat(CALLS_PER_USER / CALLERS_PER_USER, alice::whoAmI)));
            seen.add(this.callers.submit(repeat(CALLS_PER_USER / CALLERS_PER_USER, bob::whoAmI)));
        }
        seen.add(this.callers.submit(repeat(100, anonymous::open)));

        for (int i = 0; i < 2 * CALLERS_PER_USER; i++) {
            String user = (i % 2 == 0) ? "alice" : "bob";
            assertThat(seen.get(i).get(60, TimeUnit.SECONDS)).hasSize(CALLS_PER_USER / CALLERS_PER_USER).containsOnly(user);
        }
        assertThat(seen.get(2 * CALLERS_PER_USER).get(60, TimeUnit.SECONDS)).hasSize(100).containsOnly("anonymousUser");
        assertThat(new HashSet<>(server.getBean(SecuredVaultServer.Bodies.class).threads))
                .containsExactlyInAnyOrder("vault-worker-1", "vault-worker-2");
        assertThat(authenticationsLeftOnEachWorker(server.getBean(ThreadPoolExecutor.class))).containsExactly(null, null);
    }

    /** Runs one task on each of the two workers at once, reading the security context the worker holds. */
    private static List<Authentication> authenticationsLeftOnEachWorker(ThreadPoolExecutor workers) throws Exception {
        CyclicBarrier bothWorkers = new CyclicBarrier(2);
        Callable<Authentication> probe = () -> {
            bothWorkers.await(30, TimeUnit.SECONDS);
            return SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        };
        Future<Authentication> first = workers.submit(probe);
        Future<Authentication> second = workers.submit(probe);
        List<Authentication> left = new ArrayList<>();
        left.add(first.get(30, TimeUnit.SECONDS));
        left.add(second.get(30, TimeUnit.SECONDS));
        return left;
    }

    private static Callable<List<String>> repeat(int times, Callable<String> call) {
        return () -> {
            List<String> names = new ArrayList<>(times);
            for (int i = 0; i < times; i++) {
                names.add(call.call());
            }
            return names;
        };
    }

    private ConfigurableApplicationContext start(ConfigurableApplicationContext context) {
        this.contexts.add(context);
        return context;
    }

    /** Runs the server's methods on two threads the test can reach afterwards. */
    @Configuration(proxyBeanMethods = false)
    static class TwoWorkers {

        @Bean(destroyMethod = "shutdownNow")
        ThreadPoolExecutor vaultWorkers() {
            AtomicInteger count = new AtomicInteger();
            return new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024), task -> {
                Thread thread = new Thread(task, "vault-worker-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }

        @Bean
        RpcServerCustomizer twoWorkers(ThreadPoolExecutor vaultWorkers) {
            return options -> options.executor(ServerExecutor.of(vaultWorkers));
        }
    }
}
