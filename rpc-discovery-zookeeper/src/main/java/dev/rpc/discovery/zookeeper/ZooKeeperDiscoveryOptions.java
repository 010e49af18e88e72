package dev.rpc.discovery.zookeeper;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ZooKeeperServiceDiscovery}; build with {@link #builder(String)}. Immutable.
 *
 * <p>Providers are registered at {@code <basePath>/services/<service>/providers/<host:port>}.
 *
 * @param connectString the ZooKeeper servers, as ZooKeeper takes them: {@code host:port[,host:port...]},
 *        optionally followed by a chroot path; required
 * @param basePath the znode under which everything is kept, so that several systems (or environments) can
 *        share one ZooKeeper; must start with {@code /}, must not end with one; default {@value #DEFAULT_BASE_PATH}
 * @param sessionTimeout the ZooKeeper session timeout asked for (the servers bound it to between 2 and 20
 *        of their ticks): a provider that dies without deregistering disappears from the clients' views this
 *        long after it stopped answering ZooKeeper; default 30 s
 * @param connectionTimeout how long one ZooKeeper operation waits for a connection; also how long
 *        {@link StartupMode#FAIL_FAST} waits for the first connection, and how long registering, deregistering
 *        and the first {@code watch} of a service wait for ZooKeeper before they go on in the background;
 *        default 5 s
 * @param startupMode what creating the discovery does when ZooKeeper cannot be reached; default
 *        {@link StartupMode#FAIL_FAST}
 * @param startupWait with {@link StartupMode#WAIT}, how long creating the discovery waits for ZooKeeper
 *        before it fails; default 60 s
 * @param maxEntrySize the largest provider entry read from ZooKeeper, in bytes; a larger entry is skipped as
 *        malformed; default 16 KiB
 * @param emptyViewDelay how long a view keeps its last providers after their entries disappeared, before it
 *        goes empty, in case they come straight back: a provider that registers again after a session expiry
 *        replaces its entry (delete, then create) within milliseconds, and when every provider does so at once
 *        (all sessions expired together, e.g. after a ZooKeeper restart) the view would otherwise be empty for
 *        that moment and calls would fail with "no provider". Removals that leave other providers in the view
 *        are never delayed. Zero empties the view at once; default 250 ms
 * @param auth the credentials the discovery authenticates to ZooKeeper with; {@code null}: none (ZooKeeper's
 *        {@code world:anyone}), the default
 * @param acl the ACL of every znode the discovery creates; default {@link ZooKeeperAcl#CREATOR_WRITES} with
 *        credentials, {@link ZooKeeperAcl#OPEN} without; {@code CREATOR_WRITES} needs credentials
 * @param tls TLS to ZooKeeper's secure client port; {@code null}: plain TCP, the default
 */
public record ZooKeeperDiscoveryOptions(String connectString, String basePath, Duration sessionTimeout,
        Duration connectionTimeout, StartupMode startupMode, Duration startupWait, int maxEntrySize,
        Duration emptyViewDelay, ZooKeeperAuth auth, ZooKeeperAcl acl, ZooKeeperTls tls) {

    /** The default base path, {@code /rpc}. */
    public static final String DEFAULT_BASE_PATH = "/rpc";

    /** The default limit of a provider entry, 16 KiB. */
    public static final int DEFAULT_MAX_ENTRY_SIZE = 16 * 1024;

    /** What creating a discovery does while ZooKeeper cannot be reached. */
    public enum StartupMode {

        /**
         * Fail after {@code connectionTimeout} with a {@link ZooKeeperUnavailableException} naming the connect
         * string, so that a misconfigured process stops at once. The default.
         */
        FAIL_FAST,

        /**
         * Wait up to {@code startupWait} for ZooKeeper, then fail as {@link #FAIL_FAST} does; for processes
         * that may start before ZooKeeper does (containers started together).
         */
        WAIT
    }

    /**
     * Validates the settings.
     * @throws IllegalArgumentException naming the bad setting and its value
     */
    public ZooKeeperDiscoveryOptions {
        Objects.requireNonNull(connectString, "connectString");
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(startupMode, "startupMode");
        Objects.requireNonNull(acl, "acl");
        if (connectString.isBlank()) {
            throw new IllegalArgumentException("connectString must not be blank; give host:port[,host:port...]");
        }
        if (!basePath.startsWith("/") || (basePath.length() > 1 && basePath.endsWith("/")) || basePath.contains("//")) {
            throw new IllegalArgumentException("basePath must be an absolute znode path such as /rpc: '" + basePath + "'");
        }
        requirePositive(sessionTimeout, "sessionTimeout");
        requirePositive(connectionTimeout, "connectionTimeout");
        requirePositive(startupWait, "startupWait");
        if (sessionTimeout.toMillis() > Integer.MAX_VALUE || connectionTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sessionTimeout and connectionTimeout must be below 24 days");
        }
        if (emptyViewDelay == null || emptyViewDelay.isNegative()) {
            throw new IllegalArgumentException("emptyViewDelay must not be negative: " + emptyViewDelay);
        }
        if (maxEntrySize < 256) {
            throw new IllegalArgumentException("maxEntrySize must be at least 256 bytes: " + maxEntrySize);
        }
        if (acl == ZooKeeperAcl.CREATOR_WRITES && auth == null) {
            throw new IllegalArgumentException("acl CREATOR_WRITES needs credentials: without them no identity could "
                    + "write the znodes; set auth, or use acl OPEN");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }

    /**
     * Returns a builder with every default.
     * @param connectString the ZooKeeper servers, {@code host:port[,host:port...]}
     */
    public static Builder builder(String connectString) {
        return new Builder(connectString);
    }

    /** Builds {@link ZooKeeperDiscoveryOptions}. */
    public static final class Builder {

        private final String connectString;

        private String basePath = DEFAULT_BASE_PATH;

        private Duration sessionTimeout = Duration.ofSeconds(30);

        private Duration connectionTimeout = Duration.ofSeconds(5);

        private StartupMode startupMode = StartupMode.FAIL_FAST;

        private Duration startupWait = Duration.ofSeconds(60);

        private int maxEntrySize = DEFAULT_MAX_ENTRY_SIZE;

        private Duration emptyViewDelay = Duration.ofMillis(250);

        private ZooKeeperAuth auth;

        private ZooKeeperAcl acl;

        private ZooKeeperTls tls;

        private Builder(String connectString) {
            this.connectString = connectString;
        }

        /** Sets the znode everything is kept under; default {@value #DEFAULT_BASE_PATH}. */
        public Builder basePath(String basePath) {
            this.basePath = basePath;
            return this;
        }

        /** Sets the session timeout asked for; default 30 s. */
        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        /** Sets how long an operation waits for a connection; default 5 s. */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /** Fails creating the discovery after {@code connectionTimeout} when ZooKeeper is down. The default. */
        public Builder failFast() {
            this.startupMode = StartupMode.FAIL_FAST;
            return this;
        }

        /** Waits up to {@code limit} for ZooKeeper when creating the discovery, then fails. */
        public Builder waitForZooKeeper(Duration limit) {
            this.startupMode = StartupMode.WAIT;
            this.startupWait = limit;
            return this;
        }

        /** Sets the largest provider entry read, in bytes; default 16 KiB. */
        public Builder maxEntrySize(int maxEntrySize) {
            this.maxEntrySize = maxEntrySize;
            return this;
        }

        /** Sets how long a view keeps its last providers after their entries disappeared; zero: none; default 250 ms. */
        public Builder emptyViewDelay(Duration emptyViewDelay) {
            this.emptyViewDelay = emptyViewDelay;
            return this;
        }

        /**
         * Sets the credentials the discovery authenticates with; default none. With credentials and no
         * {@link #acl(ZooKeeperAcl)}, the discovery creates its znodes with {@link ZooKeeperAcl#CREATOR_WRITES}.
         * @param auth the credentials, e.g. {@link ZooKeeperAuth#digest(String, String)}; {@code null}: none
         */
        public Builder auth(ZooKeeperAuth auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Authenticates with ZooKeeper's {@code digest} scheme; short for {@code auth(ZooKeeperAuth.digest(username, password))}.
         * @throws IllegalArgumentException if the user name is blank or holds {@code :}, or the password is empty
         */
        public Builder digest(String username, String password) {
            return auth(ZooKeeperAuth.digest(username, password));
        }

        /**
         * Sets the ACL of the znodes the discovery creates; default {@link ZooKeeperAcl#CREATOR_WRITES} with
         * credentials, {@link ZooKeeperAcl#OPEN} without.
         */
        public Builder acl(ZooKeeperAcl acl) {
            this.acl = acl;
            return this;
        }

        /** Connects to ZooKeeper's secure client port with TLS; default plain TCP ({@code null}). */
        public Builder tls(ZooKeeperTls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Returns the options.
         * @throws IllegalArgumentException if a setting is invalid
         */
        public ZooKeeperDiscoveryOptions build() {
            ZooKeeperAcl effectiveAcl = acl != null ? acl : auth != null ? ZooKeeperAcl.CREATOR_WRITES : ZooKeeperAcl.OPEN;
            return new ZooKeeperDiscoveryOptions(connectString, basePath, sessionTimeout, connectionTimeout, startupMode,
                    startupWait, maxEntrySize, emptyViewDelay, auth, effectiveAcl, tls);
        }
    }
}
