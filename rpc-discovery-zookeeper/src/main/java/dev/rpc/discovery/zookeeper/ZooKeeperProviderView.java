package dev.rpc.discovery.zookeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.discovery.zookeeper.ProviderEntries.MalformedEntryException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.cache.CuratorCacheStorage;
import org.apache.curator.utils.ZKPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers of one service, as a {@link CuratorCache} of its {@code providers} znode sees them.
 *
 * <p>Every cache event (they arrive one at a time, on Curator's thread) decodes the one entry it concerns and
 * publishes a new immutable snapshot if the set of providers changed; {@link #providers()} only reads a
 * volatile field. The cache keeps what it last saw while ZooKeeper is unreachable (it neither clears nor
 * reports deletions on {@code SUSPENDED} or {@code LOST}), and refreshes everything on reconnection, so this
 * view serves the last known providers through a ZooKeeper outage.
 */
final class ZooKeeperProviderView implements ProviderView, CuratorCacheListener, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ZooKeeperProviderView.class);

    private final String service;

    private final String path;

    private final String location;

    private final int maxEntrySize;

    private final DiscoveryCounters counters;

    private final CuratorCache cache;

    private final Duration emptyViewDelay;

    private final ScheduledExecutorService scheduler;

    /** Usable entries by znode name; guarded by this. */
    private final Map<String, ServiceInstance> entries = new TreeMap<>();

    /**
     * The last entries removed, less than {@code emptyViewDelay} ago, while no entry is left: still published, so
     * that the view does not go empty for the moment that providers take to replace their entries; guarded by this.
     */
    private final Map<String, Leaving> leaving = new HashMap<>();

    private final CountDownLatch initialized = new CountDownLatch(1);

    private volatile List<ServiceInstance> providers = List.of();

    ZooKeeperProviderView(CuratorFramework client, String service, String path, String location, int maxEntrySize,
            Duration emptyViewDelay, ScheduledExecutorService scheduler, DiscoveryCounters counters) {
        this.service = service;
        this.emptyViewDelay = emptyViewDelay;
        this.scheduler = scheduler;
        this.path = path;
        this.location = location;
        this.maxEntrySize = maxEntrySize;
        this.counters = counters;
        // the entries are decoded once per version here, so the cache need not keep the bytes
        this.cache = CuratorCache.builder(client, path).withStorage(CuratorCacheStorage.dataNotCached())
                .withExceptionHandler(ex -> logger.warn("Watching {} failed: {}", path, ex.toString())).build();
        this.cache.listenable().addListener(this);
    }

    void start() {
        cache.start();
    }

    /** Waits until the cache has read the providers once, or the timeout passes. */
    boolean awaitInitialized(Duration wait) {
        try {
            return initialized.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public List<ServiceInstance> providers() {
        return providers;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void event(Type type, ChildData oldData, ChildData data) {
        ChildData node = data != null ? data : oldData;
        ZKPaths.PathAndNode parts = ZKPaths.getPathAndNode(node.getPath());
        if (!parts.getPath().equals(path)) {
            return; // the providers znode itself, or something below an entry: not an entry
        }
        String name = parts.getNode();
        synchronized (this) {
            if (type == Type.NODE_DELETED) {
                remove(name);
            }
            else {
                try {
                    if (entries.put(name, ProviderEntries.decode(service, name, data.getData(), maxEntrySize)) == null) {
                        counters.count(DiscoveryEvent.PROVIDER_ADDED);
                    }
                    leaving.clear();
                }
                catch (MalformedEntryException ex) {
                    remove(name);
                    counters.skipped();
                    logger.warn("Skipping the provider entry {} of {}: {}", node.getPath(), service, ex.getMessage());
                }
            }
            publish();
        }
    }

    /**
     * Removes an entry. If it was the last one, it stays published for the empty-view delay, unless an entry is
     * back by then: the view goes empty only when no provider came back in time.
     */
    private void remove(String name) {
        ServiceInstance removed = entries.remove(name);
        if (removed != null) {
            counters.count(DiscoveryEvent.PROVIDER_REMOVED);
        }
        if (removed == null || !entries.isEmpty() || emptyViewDelay.isZero()) {
            return;
        }
        Leaving left = new Leaving(removed, System.nanoTime());
        leaving.put(name, left);
        try {
            scheduler.schedule(() -> expire(name, left), emptyViewDelay.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            leaving.remove(name); // the discovery is closing
        }
    }

    private synchronized void expire(String name, Leaving left) {
        if (leaving.remove(name, left)) {
            publish();
        }
    }

    @Override
    public void initialized() {
        initialized.countDown();
        logger.debug("Watching {}: {} provider(s)", location, providers.size());
    }

    /** Replaces the snapshot only if the set changed, so that readers may cache per list identity. */
    private void publish() {
        Map<String, ServiceInstance> all = new TreeMap<>(entries);
        if (all.isEmpty()) {
            leaving.forEach((name, left) -> all.put(name, left.instance()));
        }
        List<ServiceInstance> next = List.copyOf(all.values());
        if (!next.equals(providers)) {
            providers = next;
            if (initialized.getCount() == 0) {
                logger.info("Providers of {} now: {}", service, describe(next));
            }
        }
    }

    private static String describe(List<ServiceInstance> instances) {
        List<String> authorities = new ArrayList<>(instances.size());
        for (ServiceInstance instance : instances) {
            authorities.add(instance.authority());
        }
        return authorities.toString();
    }

    @Override
    public void close() {
        cache.close();
    }

    /** A removed entry; {@code since} tells apart two removals of the same instance. */
    private record Leaving(ServiceInstance instance, long since) {
    }

    @Override
    public String toString() {
        return "providers of " + service + " at " + location;
    }
}
