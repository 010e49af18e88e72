package dev.rpc.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.rpc.discovery.zookeeper.ZooKeeperAcl;
import dev.rpc.discovery.zookeeper.ZooKeeperAuth;
import dev.rpc.discovery.zookeeper.ZooKeeperDiscoveryOptions;
import dev.rpc.discovery.zookeeper.ZooKeeperTls;
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

    /**
     * ACL of the znodes discovery creates: 'open' (anyone who can reach ZooKeeper may change them) or
     * 'creator-writes' (anyone may read, only the authenticated identity may register, change or remove
     * providers). Default: creator-writes when auth.scheme is set, open otherwise.
     */
    private ZooKeeperAcl acl;

    /** Authentication to ZooKeeper. */
    private final Auth auth = new Auth();

    /** TLS to ZooKeeper's secure client port. */
    private final Ssl ssl = new Ssl();

    /** Behaviour at startup when ZooKeeper is unreachable. */
    public enum Startup {

        /** Fail the application's startup with a message naming the connect string. */
        FAIL_FAST,
        /** Wait for ZooKeeper, up to startup-wait. */
        WAIT
    }

    /**
     * Returns the options these properties describe.
     * @throws IllegalArgumentException naming the property, if the credentials or the ACL are incomplete
     */
    public ZooKeeperDiscoveryOptions toOptions() {
        ZooKeeperAuth credentials = this.auth.toAuth();
        if (this.acl == ZooKeeperAcl.CREATOR_WRITES && credentials == null) {
            throw new IllegalArgumentException("rpc.discovery.zookeeper.acl=creator-writes needs credentials: set "
                    + "rpc.discovery.zookeeper.auth.scheme (digest or sasl), or use acl=open");
        }
        ZooKeeperDiscoveryOptions.Builder options = ZooKeeperDiscoveryOptions.builder(this.connectString)
                .basePath(this.basePath)
                .sessionTimeout(this.sessionTimeout)
                .connectionTimeout(this.connectionTimeout)
                .maxEntrySize(Math.toIntExact(this.maxEntrySize.toBytes()))
                .emptyViewDelay(this.emptyViewDelay)
                .auth(credentials)
                .acl(this.acl);
        if (this.ssl.isEnabled()) {
            options.tls(this.ssl.toTls());
        }
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

    public ZooKeeperAcl getAcl() {
        return this.acl;
    }

    public void setAcl(ZooKeeperAcl acl) {
        this.acl = acl;
    }

    public Auth getAuth() {
        return this.auth;
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    /** Credentials for ZooKeeper, under {@code rpc.discovery.zookeeper.auth}. */
    public static class Auth {

        /** How to authenticate to ZooKeeper: none, digest (username and password) or sasl (JAAS). */
        private Scheme scheme = Scheme.NONE;

        /** User name, for the digest scheme. */
        private String username;

        /** Password, for the digest scheme; never logged. */
        private String password;

        /** JAAS section the ZooKeeper client logs in with, for the sasl scheme (the JAAS file is given with -Djava.security.auth.login.config). */
        private String saslLoginContext = "Client";

        /** How the discovery authenticates. */
        public enum Scheme {

            /** No credentials: ZooKeeper sees the discovery as world:anyone. */
            NONE,
            /** ZooKeeper's digest scheme, with username and password. */
            DIGEST,
            /** SASL, configured through JAAS. */
            SASL
        }

        ZooKeeperAuth toAuth() {
            return switch (this.scheme) {
                case NONE -> {
                    if (this.username != null || this.password != null) {
                        throw new IllegalArgumentException("rpc.discovery.zookeeper.auth.username or password is set, but "
                                + "rpc.discovery.zookeeper.auth.scheme is none: set auth.scheme=digest to authenticate "
                                + "with them, or remove them");
                    }
                    yield null;
                }
                case DIGEST -> {
                    if (this.username == null || this.username.isBlank() || this.password == null || this.password.isEmpty()) {
                        throw new IllegalArgumentException("rpc.discovery.zookeeper.auth.scheme=digest needs "
                                + "rpc.discovery.zookeeper.auth.username and rpc.discovery.zookeeper.auth.password");
                    }
                    yield ZooKeeperAuth.digest(this.username, this.password);
                }
                case SASL -> ZooKeeperAuth.sasl(this.saslLoginContext);
            };
        }

        public Scheme getScheme() {
            return this.scheme;
        }

        public void setScheme(Scheme scheme) {
            this.scheme = scheme;
        }

        public String getUsername() {
            return this.username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return this.password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getSaslLoginContext() {
            return this.saslLoginContext;
        }

        public void setSaslLoginContext(String saslLoginContext) {
            this.saslLoginContext = saslLoginContext;
        }
    }

    /**
     * TLS to ZooKeeper's secure client port, under {@code rpc.discovery.zookeeper.ssl}: ZooKeeper's own client TLS
     * settings (its client reads key and trust stores from files), given to the discovery's client alone.
     */
    public static class Ssl {

        /** Whether to connect with TLS; the connect string must then name the servers' secure client ports. */
        private boolean enabled;

        /** Key store file with the client certificate, for servers that require one (ssl.clientAuth). */
        private String keyStore;

        /** Password of the key store. */
        private String keyStorePassword;

        /** Type of the key store (JKS, PKCS12, PEM, BCFKS); default: from the file name's extension. */
        private String keyStoreType;

        /** Trust store file with the certificates ZooKeeper's server certificates are checked against; default: the JVM's. */
        private String trustStore;

        /** Password of the trust store. */
        private String trustStorePassword;

        /** Type of the trust store (JKS, PKCS12, PEM, BCFKS); default: from the file name's extension. */
        private String trustStoreType;

        /** Whether a server certificate must name the host connected to. */
        private boolean hostnameVerification = true;

        ZooKeeperTls toTls() {
            ZooKeeperTls.Builder tls = ZooKeeperTls.builder().hostnameVerification(this.hostnameVerification)
                    .keyStoreType(this.keyStoreType).trustStoreType(this.trustStoreType);
            if (this.keyStore != null) {
                tls.keyStore(Path.of(this.keyStore), this.keyStorePassword);
            }
            if (this.trustStore != null) {
                tls.trustStore(Path.of(this.trustStore), this.trustStorePassword);
            }
            return tls.build();
        }

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getKeyStore() {
            return this.keyStore;
        }

        public void setKeyStore(String keyStore) {
            this.keyStore = keyStore;
        }

        public String getKeyStorePassword() {
            return this.keyStorePassword;
        }

        public void setKeyStorePassword(String keyStorePassword) {
            this.keyStorePassword = keyStorePassword;
        }

        public String getKeyStoreType() {
            return this.keyStoreType;
        }

        public void setKeyStoreType(String keyStoreType) {
            this.keyStoreType = keyStoreType;
        }

        public String getTrustStore() {
            return this.trustStore;
        }

        public void setTrustStore(String trustStore) {
            this.trustStore = trustStore;
        }

        public String getTrustStorePassword() {
            return this.trustStorePassword;
        }

        public void setTrustStorePassword(String trustStorePassword) {
            this.trustStorePassword = trustStorePassword;
        }

        public String getTrustStoreType() {
            return this.trustStoreType;
        }

        public void setTrustStoreType(String trustStoreType) {
            this.trustStoreType = trustStoreType;
        }

        public boolean isHostnameVerification() {
            return this.hostnameVerification;
        }

        public void setHostnameVerification(boolean hostnameVerification) {
            this.hostnameVerification = hostnameVerification;
        }
    }
}
