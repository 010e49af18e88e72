package dev.rpc.benchmark.rpc;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpc.benchmark.spi.Contender;
import dev.rpc.benchmark.spi.EchoConnection;
import dev.rpc.benchmark.workload.EchoService;
import dev.rpc.benchmark.workload.EchoServiceImpl;
import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerExecutor;
import dev.rpc.core.transport.tls.ClientTls;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.LoggerFactory;

/**
 * This framework, called through a proxy of {@link EchoService} exactly as users call it, with default
 * settings except the bind address, a free port and a 30 s call timeout (1 MiB payloads, 64 in flight).
 * {@code rpc} serves on the default executor, {@code rpc-direct} on {@link ServerExecutor#direct()},
 * {@code rpc-vthreads} on {@link ServerExecutor#virtualThreads} (Java 21+; the harness skips it on older JVMs) with
 * {@value #VIRTUAL_THREAD_CALLS} calls at most;
 * {@code rpc-tls} and {@code rpc-tls-openssl} are {@code rpc} over TLS, on the JDK's provider and on OpenSSL
 * (see {@link ContenderTls}), and nothing else differs.
 * N connections are one {@link RpcClient} with {@code connectionsPerAddress(N)}, and one proxy whose calls
 * take the connections in turn; the harness's N "connections" are that proxy N times.
 */
public final class RpcContender implements Contender {

    /**
     * The limit of {@code rpc-vthreads}: as many calls at once as the default pool admitted when this contender was
     * written (16 running, 1024 queued). A number, not the pool's constants, so that it stays put while they change.
     */
    static final int VIRTUAL_THREAD_CALLS = 1040;

    private final ServerExecutor executor;

    /** The TLS provider, or {@code null} for plaintext. */
    private final SslProvider tls;

    /**
     * Called reflectively with the contender's name: {@code rpc}, {@code rpc-direct}, {@code rpc-vthreads},
     * {@code rpc-tls}, {@code rpc-tls-openssl}.
     */
    public RpcContender(String name) {
        this.executor = switch (name) {
            case "rpc-direct" -> ServerExecutor.direct();
            case "rpc-vthreads" -> ServerExecutor.virtualThreads(VIRTUAL_THREAD_CALLS);
            default -> ServerExecutor.defaults();
        };
        this.tls = name.startsWith("rpc-tls") ? ContenderTls.provider(name) : null;
    }

    /**
     * A system property that sets the server's {@code spinWait} in microseconds, for comparing it on and off
     * in one run ({@code --jvm-flags="... -Drpc.benchmark.spin-wait-micros=0"}); unset, the default applies.
     */
    static final String SPIN_WAIT_PROPERTY = "rpc.benchmark.spin-wait-micros";

    @Override
    public Server startServer() throws Exception {
        SslContext sslContext = tls != null ? ContenderTls.server(tls) : null;
        if (sslContext != null) {
            LoggerFactory.getLogger(RpcContender.class).info("TLS on {}, the CA clients trust in {}", tls,
                    ContenderTls.TRUSTED_CA);
        }
        RpcServerOptions.Builder options = RpcServerOptions.builder()
                .executor(executor)
                .sslContext(sslContext);
        Long spinWaitMicros = Long.getLong(SPIN_WAIT_PROPERTY);
        if (spinWaitMicros != null) {
            options.spinWait(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(spinWaitMicros)));
        }
        return startEchoServer(options, () -> ReferenceCountUtil.release(sslContext));
    }

    /**
     * Starts a server of the echo service on 127.0.0.1 and a free port with these options; closing it shuts the server
     * down, then runs {@code afterShutdown}.
     */
    static Server startEchoServer(RpcServerOptions.Builder options, Runnable afterShutdown) {
        RpcServer server = RpcServer.create(options.bindAddress("127.0.0.1").port(0).build())
                .export(EchoService.class, new EchoServiceImpl())
                .start();
        return new Server() {
            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.shutdown(Duration.ofSeconds(2));
                afterShutdown.run();
            }
        };
    }

    @Override
    public Clients connect(String host, int port, int count) throws Exception {
        SslContext sslContext = tls != null ? ContenderTls.client(tls) : null;
        return connectEcho(RpcClientOptions.builder().tls(sslContext != null ? ClientTls.of(sslContext) : ClientTls.PLAINTEXT),
                host, port, count, () -> ReferenceCountUtil.release(sslContext));
    }

    /**
     * Connects one client with these options, {@code count} connections to the echo server at {@code host:port};
     * closing the clients closes it, then runs {@code afterClose}.
     */
    static Clients connectEcho(RpcClientOptions.Builder options, String host, int port, int count, Runnable afterClose) {
        RpcClient client = RpcClient.create(options
                .defaultTimeout(Duration.ofSeconds(30))
                .connectionsPerAddress(count)
                // the payload phases keep 64 calls of 1 MiB (1.4 MB of JSON each) in flight on one connection: a
                // bound below what they queue would refuse some of them instead of measuring them
                .writeBufferHighWaterMark(128 * 1024 * 1024)
                .build());
        EchoService echo = client.proxy(EchoService.class, ReferenceOptions.to(host + ":" + port).build());
        List<EchoConnection> connections = Collections.nCopies(count, EchoConnection.of(echo));
        return Clients.of(connections, () -> {
            client.close();
            afterClose.run();
        });
    }
}
