package dev.rpc.discovery.zookeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.Registration;
import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.discovery.zookeeper.ZooKeeperDiscoveryOptions.StartupMode;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.PathUtils;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service discovery on ZooKeeper, through Apache Curator.
 *
 * <pre>{@code
 * ZooKeeperServiceDiscovery discovery = ZooKeeperServiceDiscovery.create(
 *         ZooKeeperDiscoveryOptions.builder("zk1:2181,zk2:2181,zk3:2181").build());
 * RpcServer server = RpcServer.create(RpcServerOptions.builder().discovery(discovery).build())...;
 * RpcClient client = RpcClient.create(RpcClientOptions.builder().discovery(discovery).build());
 * ...
 * discovery.close(); // after the servers and clients that use it
 * }</pre>
 *
 * <h2>Layout</h2>
 * Each provider of a service is one ephemeral znode
 * {@code <basePath>/services/<service>/providers/<host:port>} whose data is a small JSON object (see
 * {@code docs/DISCOVERY.md}). The parents are container znodes, which ZooKeeper removes once empty.
 *
 * <h2>Providers</h2>
 * {@link #register} creates the znode and keeps it: it is created again after a session expiry (replacing,
 * atomically, one still held by the expired session) and whenever it disappears; closing the registration
 * deletes it.
 *
 * <h2>Consumers</h2>
 * {@link #watch} starts one Curator {@code CuratorCache} per service; the view it returns is an immutable
 * snapshot rebuilt on every change, read without any call to ZooKeeper. A view whose last providers disappear goes
 * empty only after {@link ZooKeeperDiscoveryOptions#emptyViewDelay()}, and not if a provider is back by then. Entries are untrusted input: a
 * malformed one (bad JSON, missing host, port out of range, over {@code maxEntrySize}, a name that does not
 * match its data) is skipped, logged at WARN and counted in {@link #skippedEntries()}; the others stay in use.
 *
 * <h2>Security</h2>
 * With credentials ({@link ZooKeeperDiscoveryOptions#auth()}) the discovery authenticates to ZooKeeper, and by
 * default creates every znode with {@link ZooKeeperAcl#CREATOR_WRITES}: anyone may read, only that identity may
 * register, change or remove providers. Clients need no credentials to read. TLS to ZooKeeper's secure port:
 * {@link ZooKeeperTls}.
 *
 * <h2>ZooKeeper trouble</h2>
 * While ZooKeeper is unreachable ({@code SUSPENDED}, {@code LOST}) the views keep the last known providers and
 * calls go on; on reconnection they are refreshed, and registrations are restored. Creating a discovery while
 * ZooKeeper is down fails, or waits, as {@link ZooKeeperDiscoveryOptions#startupMode()} says.
 *
 * <p>Thread-safe. Close it after the servers and clients that use it: closing deregisters every provider still
 * registered, stops every watch and ends the ZooKeeper session.
 */
public final class ZooKeeperServiceDiscovery implements ServiceDiscovery {

    private static final Logger logger = LoggerFactory.getLogger(ZooKeeperServiceDiscovery.class);

    private final ZooKeeperDiscoveryOptions options;

    private final CuratorFramework client;

    private final Map<String, ZooKeeperProviderView> views = new ConcurrentHashMap<>();

    private final Set<ProviderNode> registrations = ConcurrentHashMap.newKeySet();

    private final DiscoveryCounters counters;

    /** Empties views after the empty-view delay. */
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "rpc-zookeeper-discovery");
        thread.setDaemon(true);
        return thread;
    });

    private volatile boolean closed;

    private ZooKeeperServiceDiscovery(ZooKeeperDiscoveryOptions options, CuratorFramework client,
            DiscoveryCounters counters) {
        this.options = options;
        this.client = client;
        this.counters = counters;
    }

    /**
     * Connects to ZooKeeper and returns a discovery.
     * @param options the settings
     * @return a connected discovery
     * @throws ZooKeeperUnavailableException if ZooKeeper cannot be reached within {@code connectionTimeout}
     *         ({@link StartupMode#FAIL_FAST}) or {@code startupWait} ({@link StartupMode#WAIT}); the message names
     *         the connect string
     * @throws ZooKeeperAccessException with {@link ZooKeeperAcl#CREATOR_WRITES}, if the base path, {@code services}
     *         or a service's znodes may be changed by anyone, or may not be created by this identity
     * @throws IllegalArgumentException if a TLS store cannot be read, or the JAAS section of SASL is missing
     */
    public static ZooKeeperServiceDiscovery create(ZooKeeperDiscoveryOptions options) {
        Objects.requireNonNull(options, "options");
        CuratorFramework client = CuratorClients.create(options);
        DiscoveryCounters counters = new DiscoveryCounters();
        client.getConnectionStateListenable().addListener(counters);
        Duration wait = options.startupMode() == StartupMode.WAIT ? options.startupWait() : options.connectionTimeout();
        boolean connected;
        try {
            client.start();
            if (options.startupMode() == StartupMode.WAIT) {
                logger.info("Waiting up to {} for ZooKeeper at {}", wait, options.connectString());
            }
            connected = client.blockUntilConnected((int) Math.min(wait.toMillis(), Integer.MAX_VALUE), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            client.close();
            throw new ZooKeeperUnavailableException(options.connectString(), "Interrupted while connecting to ZooKeeper at "
                    + options.connectString(), ex);
        }
        catch (RuntimeException ex) {
            client.close();
            throw new ZooKeeperUnavailableException(options.connectString(), "Cannot connect to ZooKeeper at "
                    + options.connectString() + ": " + ex.getMessage() + "; check the connect string", ex);
        }
        if (!connected) {
            client.close();
            String advice = options.startupMode() == StartupMode.WAIT ? "check that it runs and that the connect string is right"
                    : "check that it runs and that the connect string is right, or let the discovery wait for it at "
                            + "startup (ZooKeeperDiscoveryOptions.Builder.waitForZooKeeper)";
            throw new ZooKeeperUnavailableException(options.connectString(), "Cannot reach ZooKeeper at "
                    + options.connectString() + " within " + wait, advice, null);
        }
        if (options.acl() == ZooKeeperAcl.CREATOR_WRITES) {
            try {
                SecuredTree.prepare(client, options.basePath(), options.connectString());
            }
            catch (RuntimeException ex) {
                client.close();
                throw ex;
            }
        }
        logger.info("Service discovery connected to ZooKeeper at {}{}, base path {}, {}, ACL {}", options.connectString(),
                options.tls() != null ? " over TLS" : "", options.basePath(),
                options.auth() != null ? "authenticated with " + options.auth() : "without credentials", options.acl());
        return new ZooKeeperServiceDiscovery(options, client, counters);
    }

    /**
     * Returns the live view of a service's providers, starting to watch it on the first call for that service.
     * The first call waits (up to {@code connectionTimeout}) until the providers have been read once, so that a
     * client calling at once finds them; later calls return the same view at once.
     * @throws IllegalArgumentException if the service name cannot be a znode name
     * @throws IllegalStateException if the discovery is closed
     */
    @Override
    public ProviderView watch(String service) {
        checkOpen();
        String path = providersPath(service);
        boolean[] started = new boolean[1];
        ZooKeeperProviderView view = views.computeIfAbsent(service, key -> {
            started[0] = true;
            return new ZooKeeperProviderView(client, key, path, "ZooKeeper " + options.connectString() + ", path " + path,
                    options.maxEntrySize(), options.emptyViewDelay(), scheduler, counters);
        });
        if (started[0]) {
            view.start();
        }
        if (!view.awaitInitialized(options.connectionTimeout())) {
            logger.warn("Could not read the providers of {} from ZooKeeper at {} within {}; they will be used as soon "
                    + "as they are read", service, options.connectString(), options.connectionTimeout());
        }
        if (closed) {
            view.close();
        }
        return view;
    }

    /**
     * Registers a provider: creates its ephemeral znode and waits (up to {@code connectionTimeout}) for ZooKeeper
     * to confirm it; if ZooKeeper is unreachable meanwhile, the znode is created in the background once it is
     * back. Registering the same host and port twice for one service keeps one znode, until both registrations
     * are closed.
     * @throws ZooKeeperAccessException if ZooKeeper refused creating the znode ({@code NOAUTH}): this process's
     *         identity (or the lack of one) may not create entries under the service's znodes
     * @throws IllegalArgumentException if the service name cannot be a znode name
     * @throws IllegalStateException if the discovery is closed
     */
    @Override
    public Registration register(ServiceInstance instance) {
        checkOpen();
        String path = ZKPaths.makePath(providersPath(instance.service()), ProviderEntries.nodeName(instance));
        ProviderNode node = new ProviderNode(client, path, ProviderEntries.encode(instance), options.connectionTimeout(),
                registrations::remove);
        registrations.add(node);
        node.start();
        if (node.awaitCreated(options.connectionTimeout())) {
            logger.info("Registered {} at {}", instance.authority(), path);
        }
        else if (node.refusal() != null) {
            node.close();
            throw refused(path, node.refusal());
        }
        else {
            logger.warn("ZooKeeper at {} did not confirm registering {} within {}; it will be registered as soon as "
                    + "ZooKeeper can be reached", options.connectString(), path, options.connectionTimeout());
        }
        return node;
    }

    private ZooKeeperAccessException refused(String path, KeeperException.Code code) {
        String advice = options.auth() == null
                ? "this discovery has no credentials, and the znodes above the entry let only the providers' identity "
                        + "create entries; give this provider the providers' credentials"
                : "this discovery authenticates with " + options.auth() + ", and the znodes above the entry do not let "
                        + "that identity create entries; check the password, and that it is the identity that created "
                        + options.basePath();
        return new ZooKeeperAccessException(path, "ZooKeeper at " + options.connectString() + " refused registering "
                + path + " (" + code + "): " + advice, null);
    }

    /** Returns how many provider entries read from ZooKeeper were malformed and skipped, since creation. */
    public long skippedEntries() {
        return counters.skippedEntries();
    }

    /**
     * Returns how many times an event happened since creation: providers added to or removed from the views of the
     * watched services, and the session's suspensions, losses and reconnections. Thread-safe; a monotonic count.
     */
    public long events(DiscoveryEvent event) {
        return counters.events(Objects.requireNonNull(event, "event"));
    }

    /** Returns whether the ZooKeeper connection is up now. */
    public boolean isConnected() {
        return client.getZookeeperClient().isConnected();
    }

    /**
     * Returns the state of the ZooKeeper session as Curator last reported it: {@link ZooKeeperConnectionState#SUSPENDED}
     * as soon as the connection is lost, {@link ZooKeeperConnectionState#LOST} once it stayed lost for the session
     * timeout, {@link ZooKeeperConnectionState#CONNECTED} again once it is back. Thread-safe; never {@code null}.
     */
    public ZooKeeperConnectionState connectionState() {
        return counters.state();
    }

    /** Returns the settings. */
    public ZooKeeperDiscoveryOptions options() {
        return options;
    }

    /** Returns the znode that holds the providers of a service. */
    public String providersPath(String service) {
        Objects.requireNonNull(service, "service");
        if (service.isEmpty() || service.indexOf('/') >= 0 || service.equals(".") || service.equals("..")) {
            throw new IllegalArgumentException("Service name '" + service + "' cannot be a ZooKeeper node name: it must "
                    + "not be empty, '.', '..' or contain '/'");
        }
        String path = ZKPaths.makePath(options.basePath(), "services", service, "providers");
        try {
            PathUtils.validatePath(path);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Service name '" + service + "' cannot be a ZooKeeper node name: "
                    + ex.getMessage(), ex);
        }
        return path;
    }

    /** Returns the Curator client, for tests that break its connection. */
    CuratorFramework curator() {
        return client;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("ZooKeeper service discovery for " + options.connectString() + " is closed");
        }
    }

    /**
     * Deregisters every provider still registered (waiting up to {@code connectionTimeout} for each), stops
     * every watch and ends the ZooKeeper session. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ProviderNode registration : new ArrayList<>(registrations)) {
            registration.close();
        }
        List<ZooKeeperProviderView> watched = new ArrayList<>(views.values());
        views.clear();
        for (ZooKeeperProviderView view : watched) {
            view.close();
        }
        scheduler.shutdownNow();
        client.close();
        logger.info("Service discovery disconnected from ZooKeeper at {}", options.connectString());
    }
}
