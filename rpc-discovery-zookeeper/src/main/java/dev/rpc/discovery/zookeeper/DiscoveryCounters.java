package dev.rpc.discovery.zookeeper;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;

/**
 * What a discovery counts and the state of its session, for monitoring: the events by {@link DiscoveryEvent}, the
 * malformed entries skipped, and the last connection state Curator reported (it listens to it). Thread-safe.
 */
final class DiscoveryCounters implements ConnectionStateListener {

    private final AtomicLongArray events = new AtomicLongArray(DiscoveryEvent.values().length);

    private final AtomicLong skippedEntries = new AtomicLong();

    /** A discovery exists only once connected: the first CONNECTED may reach this listener late, or never. */
    private volatile ZooKeeperConnectionState state = ZooKeeperConnectionState.CONNECTED;

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState newState) {
        switch (newState) {
            case CONNECTED -> state = ZooKeeperConnectionState.CONNECTED;
            case RECONNECTED -> {
                state = ZooKeeperConnectionState.CONNECTED;
                count(DiscoveryEvent.SESSION_RECONNECTED);
            }
            case SUSPENDED -> {
                state = ZooKeeperConnectionState.SUSPENDED;
                count(DiscoveryEvent.SESSION_SUSPENDED);
            }
            case LOST -> {
                state = ZooKeeperConnectionState.LOST;
                count(DiscoveryEvent.SESSION_LOST);
            }
            case READ_ONLY -> state = ZooKeeperConnectionState.READ_ONLY;
        }
    }

    void count(DiscoveryEvent event) {
        events.incrementAndGet(event.ordinal());
    }

    long events(DiscoveryEvent event) {
        return events.get(event.ordinal());
    }

    void skipped() {
        skippedEntries.incrementAndGet();
    }

    long skippedEntries() {
        return skippedEntries.get();
    }

    ZooKeeperConnectionState state() {
        return state;
    }
}
