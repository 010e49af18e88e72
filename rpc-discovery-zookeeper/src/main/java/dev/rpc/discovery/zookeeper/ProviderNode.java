package dev.rpc.discovery.zookeeper;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.rpc.core.discovery.Registration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one provider's ephemeral znode in ZooKeeper until closed, like Curator's {@code PersistentNode} in
 * ephemeral mode: the node is created again when it disappears, and on every (re)connection, so that a
 * provider is back after its session expired.
 *
 * <p>One difference: after a session expiry, ZooKeeper may still hold the node of the provider's previous
 * session (the server has not expired it yet, e.g. after a ZooKeeper restart). {@code PersistentNode} would
 * adopt that node and lose it when the old session ends, so that clients briefly see no provider; this class
 * replaces it at once, atomically (delete and create in one transaction). It does so only on (re)connection,
 * never when woken by a watch, so that two live processes that (wrongly) advertise the same address cannot
 * take the node from each other in a loop.
 *
 * <p>Everything runs in the background on Curator's threads; only {@link #awaitCreated} and {@link #close}
 * wait, each for a bounded time.
 */
final class ProviderNode implements Registration {

    private static final Logger logger = LoggerFactory.getLogger(ProviderNode.class);

    private final WatcherRemoveCuratorFramework client;

    private final String path;

    private final byte[] data;

    private final Duration timeout;

    private final Consumer<ProviderNode> onClose;

    /** Counted down once the node was created under this session, or ZooKeeper refused creating it. */
    private final CountDownLatch settled = new CountDownLatch(1);

    private volatile boolean created;

    /** Why ZooKeeper refused creating the node ({@code NOAUTH}, {@code INVALIDACL}...); {@code null} if it did not. */
    private volatile KeeperException.Code refusal;

    private final AtomicBoolean closed = new AtomicBoolean();

    private final ConnectionStateListener connectionListener = this::connectionStateChanged;

    private final CuratorWatcher watcher = this::nodeChanged;

    /**
     * @param client the discovery's client
     * @param path the znode path
     * @param data the znode data
     * @param timeout how long {@link #close()} waits for the deletion
     * @param onClose told once the registration is closed
     */
    ProviderNode(CuratorFramework client, String path, byte[] data, Duration timeout, Consumer<ProviderNode> onClose) {
        this.client = client.newWatcherRemoveCuratorFramework();
        this.path = path;
        this.data = data.clone();
        this.timeout = timeout;
        this.onClose = onClose;
    }

    /** Starts creating the node in the background. */
    void start() {
        client.getConnectionStateListenable().addListener(connectionListener);
        ensure(true);
    }

    /** Returns the znode path. */
    String path() {
        return path;
    }

    /**
     * Waits until the node exists under this process's session, ZooKeeper refused creating it (see
     * {@link #refusal()}), or the timeout passes.
     * @return whether the node exists under this process's session
     */
    boolean awaitCreated(Duration wait) {
        try {
            settled.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return created;
    }

    /** Returns why ZooKeeper refused creating the node, e.g. {@code NOAUTH}; {@code null} if it never did. */
    KeeperException.Code refusal() {
        return refusal;
    }

    private void connectionStateChanged(CuratorFramework ignored, ConnectionState state) {
        if (state == ConnectionState.RECONNECTED || state == ConnectionState.CONNECTED) {
            // possibly a new session: the node may be gone, or still held by the previous session
            ensure(true);
        }
    }

    private void nodeChanged(WatchedEvent event) {
        if (closed.get()) {
            return;
        }
        switch (event.getType()) {
            case NodeDeleted -> ensure(false);
            case NodeCreated, NodeDataChanged -> inspect(false);
            default -> {
                // connection events: handled by the connection state listener
            }
        }
    }

    /** Creates the node; if it exists, inspects who holds it. */
    private void ensure(boolean replaceForeign) {
        if (closed.get()) {
            return;
        }
        try {
            client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .inBackground((c, event) -> created(event, replaceForeign)).forPath(path, data);
        }
        catch (Exception ex) {
            failed("create", ex);
        }
    }

    private void created(CuratorEvent event, boolean replaceForeign) {
        KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
        if (closed.get()) {
            if (code == KeeperException.Code.OK) {
                deleteInBackground(); // created just as it was closed
            }
            return;
        }
        switch (code) {
            case OK -> {
                logger.debug("Registered {}", path);
                inspect(false); // confirms the owner and sets the watch
            }
            case NODEEXISTS -> inspect(replaceForeign);
            case NONODE -> ensure(replaceForeign); // an empty parent container was removed meanwhile
            case CONNECTIONLOSS, SESSIONEXPIRED, SESSIONMOVED, OPERATIONTIMEOUT ->
                    logger.debug("Could not register {} ({}); trying again when reconnected", path, code);
            case NOAUTH, INVALIDACL, AUTHFAILED -> {
                refusal = code;
                settled.countDown();
                logger.error("ZooKeeper refused registering {} ({}): this process's ZooKeeper identity may not create it "
                        + "(tried again on each reconnection, until the registration is closed)", path, code);
            }
            default -> logger.warn("Could not register {}: ZooKeeper answered {}; trying again when reconnected", path, code);
        }
    }

    /** Watches the node; if it exists under another session, replaces it or waits for it to go. */
    private void inspect(boolean replaceForeign) {
        if (closed.get()) {
            return;
        }
        try {
            client.checkExists().usingWatcher(watcher).inBackground((c, event) -> inspected(event, replaceForeign))
                    .forPath(path);
        }
        catch (Exception ex) {
            failed("watch", ex);
        }
    }

    private void inspected(CuratorEvent event, boolean replaceForeign) throws Exception {
        if (closed.get()) {
            return;
        }
        KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
        if (code == KeeperException.Code.NONODE) {
            ensure(false);
            return;
        }
        if (code != KeeperException.Code.OK) {
            logger.debug("Could not check {} ({}); trying again when reconnected", path, code);
            return;
        }
        Stat stat = event.getStat();
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        if (stat.getEphemeralOwner() == session) {
            created = true;
            settled.countDown();
        }
        else if (replaceForeign) {
            replace(stat);
        }
        else {
            logger.info("{} is held by ZooKeeper session 0x{}, not this one (0x{}); registering again once it is gone",
                    path, Long.toHexString(stat.getEphemeralOwner()), Long.toHexString(session));
        }
    }

    /** Deletes the node of another (normally dead) session and creates this one's, in one transaction. */
    private void replace(Stat stale) throws Exception {
        client.transaction().inBackground((c, event) -> {
            KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
            if (code == KeeperException.Code.OK) {
                logger.info("Registered {}, replacing the entry of ZooKeeper session 0x{}", path,
                        Long.toHexString(stale.getEphemeralOwner()));
                if (closed.get()) {
                    deleteInBackground();
                    return;
                }
            }
            else {
                logger.debug("Could not replace {} ({})", path, code);
            }
            inspect(false);
        }).forOperations(
                client.transactionOp().delete().withVersion(stale.getVersion()).forPath(path),
                client.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(path, data));
    }

    private void failed(String operation, Exception ex) {
        if (client.getState() == CuratorFrameworkState.STOPPED) {
            logger.debug("Could not {} {}: the discovery is closed", operation, path);
        }
        else if (!closed.get()) {
            logger.warn("Could not {} {}: {}; trying again when reconnected", operation, path, ex.toString());
        }
    }

    private void deleteInBackground() {
        try {
            client.delete().guaranteed().inBackground().forPath(path);
        }
        catch (Exception ex) {
            logger.debug("Could not delete {}: {}", path, ex.toString());
        }
    }

    /**
     * Deletes the node and waits up to the timeout for ZooKeeper to confirm it. If ZooKeeper cannot be reached
     * the deletion goes on in the background (and the node goes anyway when this process's session ends).
     * Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.accept(this);
        CountDownLatch deleted = new CountDownLatch(1);
        try {
            client.getConnectionStateListenable().removeListener(connectionListener);
            client.delete().guaranteed().inBackground((c, event) -> deleted.countDown()).forPath(path);
            if (deleted.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                logger.debug("Deregistered {}", path);
            }
            else {
                logger.warn("ZooKeeper did not confirm deregistering {} within {}; the deletion goes on in the "
                        + "background, and the entry goes when this process's ZooKeeper session ends", path, timeout);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (Exception ex) {
            // e.g. the discovery was closed first: its session ended, and the ephemeral node with it
            logger.debug("Could not delete {}: {}", path, ex.toString());
        }
        finally {
            try {
                client.removeWatchers();
            }
            catch (RuntimeException ex) {
                logger.debug("Could not remove the watches of {}: {}", path, ex.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "registration at " + path;
    }
}
