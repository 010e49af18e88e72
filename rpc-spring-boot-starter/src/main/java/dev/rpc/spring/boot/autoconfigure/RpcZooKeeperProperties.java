package dev.rpc.spring.boot.autoconfigure;

import java.time.Duration;

import dev.rpc.discovery.zookeeper.ZooKeeperDiscoveryOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Service discovery on ZooKeeper, under {@code rpc.discovery.zookeeper}. Active when the
 * {@code rpc-discovery-zookeeper} module is on the classpath and {@code connect-string} is set.
 */
@ConfigurationProperties(prefix = "rpc.discovery.zookeeper")
public class RpcZooKeeperProperties {

    /** ZooKeeper ensemble, e.g. zk1:2181,zk2:2181,zk3:2181; setting it turns discovery on. */
    private String connectString;

    /** Base znode under which services and their providers are kept. */
    private String basePath = ZooKeeperDiscoveryOptions.DEFAULT_BASE_PATH;

    /** ZooKeeper session timeout: how long after a provider dies its registration disappears. */
    private Duration sessionTimeout = Duration.ofSeconds(30);

    /** How long to wait for a connection to ZooKeeper, at startup and when registering or deregistering. */
    private Duration connectionTimeout = Duration.ofSeconds(5);

    /** What to do when ZooKeeper cannot be reached at startup: fail-fast, or wait for it up to startup-wait. */
    private Startup startup = Startup.FAIL_FAST;

    /** How long startup waits for ZooKeeper when startup is 'wait'. */
    private Duration startupWait = Duration.ofSeconds(60);

    /** Largest provider entry read from ZooKeeper; larger entries are skipped and counted. */
    private DataSize maxEntrySize = DataSize.ofBytes(ZooKeeperDiscoveryOptions.DEFAULT_MAX_ENTRY_SIZE);

    /** How long a service keeps its last providers when all of them disappear at once (they are usually re-registering). */
    private Duration emptyViewDelay = Duration.ofMillis(250);

    /** Behaviour at startup when ZooKeeper is unreachable. */
    public enum Startup {

        /** Fail the application's startup with a message naming the connect string. */
        FAIL_FAST,
        /** Wait for ZooKeeper, up to startup-wait. */
        WAIT
    }

    /** Returns the options these properties describe. */
    public ZooKeeperDiscoveryOptions toOptions() {
        ZooKeeperDiscoveryOptions.Builder options = ZooKeeperDiscoveryOptions.builder(this.connectString)
                .basePath(this.basePath)
                .sessionTimeout(this.sessionTimeout)
                .connectionTimeout(this.connectionTimeout)
                .maxEntrySize(Math.toIntExact(this.maxEntrySize.toBytes()))
                .emptyViewDelay(this.emptyViewDelay);
        if (this.startup == Startup.WAIT) {
            options.waitForZooKeeper(this.startupWait);
        }
        else {
            options.failFast();
        }
        return options.build();
    }

    public String getConnectString() {
        return this.connectString;
    }

    public void setConnectString(String connectString) {
        this.connectString = connectString;
    }

    public String getBasePath() {
        return this.basePath;
    }

    public void setBasePath(String basePath) {
        this.basePath = basePath;
    }

    public Duration getSessionTimeout() {
        return this.sessionTimeout;
    }

    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    public Duration getConnectionTimeout() {
        return this.connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public Startup getStartup() {
        return this.startup;
    }

    public void setStartup(Startup startup) {
        this.startup = startup;
    }

    public Duration getStartupWait() {
        return this.startupWait;
    }

    public void setStartupWait(Duration startupWait) {
        this.startupWait = startupWait;
    }

    public DataSize getMaxEntrySize() {
        return this.maxEntrySize;
    }

    public void setMaxEntrySize(DataSize maxEntrySize) {
        this.maxEntrySize = maxEntrySize;
    }

    public Duration getEmptyViewDelay() {
        return this.emptyViewDelay;
    }

    public void setEmptyViewDelay(Duration emptyViewDelay) {
        this.emptyViewDelay = emptyViewDelay;
    }
}
