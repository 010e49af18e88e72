package dev.rpc.benchmark.dubbo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Collections;
import java.util.List;

import dev.rpc.benchmark.spi.Contender;
import dev.rpc.benchmark.spi.EchoConnection;
import dev.rpc.benchmark.workload.EchoService;
import dev.rpc.benchmark.workload.EchoServiceImpl;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * Apache Dubbo 3.3 through its plain API: dubbo protocol, hessian2, a direct URL and no registry, otherwise
 * its defaults (its own Netty, NIO, 200 server threads, the "all" dispatcher), with a 30 s call timeout
 * instead of 1 s (1 MiB payloads, 64 in flight) and the QoS console off (it would listen on every interface).
 *
 * <p>Loopback trap: Dubbo treats a host starting with {@code 127.} or {@code localhost} as "no address
 * configured", then binds 0.0.0.0 and dials the machine's first non-loopback address. The IPv4-mapped
 * spelling {@value #HOST} is taken literally, so both sides stay on loopback (the harness checks). Dubbo
 * logs a SEVERE "Invalid host ... contains illegal character" about it at start, and then uses it as given.
 * N connections are one reference with {@code connections=N}, Dubbo's own way.
 */
public final class DubboContender implements Contender {

    static final String HOST = "::ffff:127.0.0.1";

    /** Called reflectively with the contender's name. */
    public DubboContender(String name) {
    }

    @Override
    public Server startServer() throws IOException {
        int port = freeLoopbackPort();
        ServiceConfig<EchoService> service = new ServiceConfig<>();
        service.setInterface(EchoService.class);
        service.setRef(new EchoServiceImpl());
        ProtocolConfig protocol = new ProtocolConfig("dubbo", port);
        protocol.setHost(HOST);
        DubboBootstrap bootstrap = DubboBootstrap.newInstance()
                .application(application("rpc-benchmark-server"))
                .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
                .protocol(protocol)
                .service(service)
                .start();
        return new Server() {
            @Override
            public String host() {
                return HOST;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                bootstrap.destroy();
            }
        };
    }

    @Override
    public Clients connect(String host, int port, int count) {
        ReferenceConfig<EchoService> reference = new ReferenceConfig<>();
        reference.setInterface(EchoService.class);
        reference.setUrl("dubbo://[" + host + "]:" + port + "/" + EchoService.class.getName());
        reference.setTimeout(30_000);
        if (count > 1) {
            reference.setConnections(count);
        }
        DubboBootstrap bootstrap = DubboBootstrap.newInstance()
                .application(application("rpc-benchmark-client"))
                .reference(reference)
                .start();
        EchoService echo = reference.get();
        EchoConnection connection = EchoConnection.of(echo);
        List<EchoConnection> connections = Collections.nCopies(count, connection);
        return Clients.of(connections, bootstrap::destroy);
    }

    private static ApplicationConfig application(String name) {
        ApplicationConfig application = new ApplicationConfig(name);
        application.setQosEnable(false);
        return application;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
