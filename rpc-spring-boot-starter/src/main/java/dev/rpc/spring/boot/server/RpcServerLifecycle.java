package dev.rpc.spring.boot.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.rpc.core.serialization.UnsupportedTypeException;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.transport.Transport;
import dev.rpc.spring.boot.diagnostics.RpcInterfaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Starts the RPC server once the context is refreshed and stops it gracefully when the context closes.
 *
 * <p>Its phase, {@link #PHASE}, is the phase of Spring Boot's web server graceful shutdown: on close the RPC
 * server stops accepting calls, sends GOAWAY, and lets calls in flight finish within the grace period of the
 * options the server was built with ({@code rpc.server.shutdown-grace-period}, unless an
 * {@link RpcServerCustomizer} changed it), alongside the web server's drain and before any bean is destroyed,
 * so the service beans those calls use are still there. The drain runs on its own thread, so it does not delay
 * other lifecycles of the phase.
 *
 * <p>While the server runs, a non-daemon thread ({@value #KEEP_ALIVE_THREAD}) keeps the JVM alive, as an
 * embedded web server does: the RPC I/O threads are daemons, and an application with nothing else to do
 * would otherwise exit as soon as it started.
 *
 * <p>Once listening, the port is published as the environment property {@value #PORT_PROPERTY} (unless the server
 * listens in the JVM only, {@link Transport#IN_JVM}, where it has no TCP port) and by a
 * {@link RpcServerStartedEvent}. Before it binds its port, an {@link RpcServerExposureCheck}, if given, checks that
 * a server reachable from other hosts is protected.
 */
public class RpcServerLifecycle implements SmartLifecycle {

    /** The phase: that of Spring Boot's web server graceful shutdown, {@code DEFAULT_PHASE - 1024}. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    /** The environment property holding the port the server listens on. */
    public static final String PORT_PROPERTY = "local.rpc.server.port";

    /** The name of the non-daemon thread that keeps the JVM alive while the server runs. */
    public static final String KEEP_ALIVE_THREAD = "rpc-server-keep-alive";

    private static final String PROPERTY_SOURCE_NAME = "rpc.server.ports";

    private static final Logger logger = LoggerFactory.getLogger(RpcServerLifecycle.class);

    private final RpcServerFactory serverFactory;

    private final RpcServiceCollector collector;

    private final ConfigurableApplicationContext context;

    private final RpcServerExposureCheck exposureCheck;

    private volatile RpcServer server;

    private volatile RpcServer draining;

    private volatile CountDownLatch stopped;

    /**
     * Creates the lifecycle.
     * @param serverFactory creates the server at each start
     * @param collector finds the {@code @RpcService} beans
     * @param context the context whose beans are exported, where the port and the started event are published
     */
    public RpcServerLifecycle(RpcServerFactory serverFactory, RpcServiceCollector collector,
            ConfigurableApplicationContext context) {
        this(serverFactory, collector, context, null);
    }

    /**
     * Creates the lifecycle.
     * @param serverFactory creates the server at each start
     * @param collector finds the {@code @RpcService} beans
     * @param context the context whose beans are exported, where the port and the started event are published
     * @param exposureCheck checks the server before it binds its port, or {@code null} for no check
     */
    public RpcServerLifecycle(RpcServerFactory serverFactory, RpcServiceCollector collector,
            ConfigurableApplicationContext context, RpcServerExposureCheck exposureCheck) {
        this.serverFactory = serverFactory;
        this.collector = collector;
        this.context = context;
        this.exposureCheck = exposureCheck;
    }

    @Override
    public void start() {
        List<ExportedService> services = this.collector.collect(this.context);
        RpcServer created = this.serverFactory.create();
        for (ExportedService exported : services) {
            try {
                created.export(exported.service(), exported.implementation());
            }
            catch (UnsupportedTypeException ex) {
                throw new RpcInterfaceException(exported.service().type(),
                        "the @RpcService bean '" + exported.beanName() + "'", ex);
            }
        }
        if (this.exposureCheck != null) {
            this.exposureCheck.check(created.options(), created.services());
        }
        created.start();
        keepJvmAlive();
        this.server = created;
        if (created.options().transport() != Transport.IN_JVM) {
            publishPort(created.port());
        }
        this.context.publishEvent(new RpcServerStartedEvent(created));
    }

    @Override
    public void stop() {
        RpcServer running = this.server;
        if (running != null) {
            this.draining = running;
            this.server = null;
            try {
                running.shutdown(running.options().shutdownGracePeriod());
            }
            finally {
                this.draining = null;
                this.stopped.countDown();
            }
        }
    }

    @Override
    public void stop(Runnable callback) {
        RpcServer running = this.server;
        if (running == null) {
            callback.run();
            return;
        }
        this.draining = running;
        this.server = null;
        Duration gracePeriod = running.options().shutdownGracePeriod();
        logger.info("RPC server draining calls in flight (grace period {})", gracePeriod);
        Thread drain = new Thread(() -> {
            try {
                running.shutdown(gracePeriod);
            }
            finally {
                this.draining = null;
                this.stopped.countDown();
                callback.run();
            }
        }, "rpc-server-shutdown");
        drain.start();
    }

    @Override
    public boolean isRunning() {
        return this.server != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Returns the running server, or {@code null} when stopped. */
    public RpcServer getServer() {
        return this.server;
    }

    /**
     * Returns the server while it shuts down: it no longer accepts calls (new ones are answered {@code UNAVAILABLE})
     * and lets those in flight finish; {@code null} otherwise.
     */
    public RpcServer getDrainingServer() {
        return this.draining;
    }

    private void keepJvmAlive() {
        CountDownLatch latch = new CountDownLatch(1);
        this.stopped = latch;
        Thread keepAlive = new Thread(() -> {
            try {
                latch.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, KEEP_ALIVE_THREAD);
        keepAlive.setDaemon(false);
        keepAlive.start();
    }

    private void publishPort(int port) {
        MutablePropertySources sources = this.context.getEnvironment().getPropertySources();
        PropertySource<?> existing = sources.get(PROPERTY_SOURCE_NAME);
        Map<String, Object> ports;
        if (existing instanceof MapPropertySource map) {
            ports = map.getSource();
        }
        else {
            ports = new HashMap<>();
            sources.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, ports));
        }
        ports.put(PORT_PROPERTY, port);
    }
}
