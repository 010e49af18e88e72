package dev.rpc.discovery.zookeeper;

import java.util.List;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

import dev.rpc.discovery.zookeeper.ZooKeeperAuth.Scheme;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;

/**
 * Builds the Curator client of a discovery from its options: timeouts and retries, credentials (digest through
 * Curator's {@code authorization}, SASL and TLS through the ZooKeeper client configuration of this client alone),
 * and the ACL of the znodes it creates.
 */
final class CuratorClients {

    private CuratorClients() {
    }

    /**
     * Returns a client, not started.
     * @throws IllegalArgumentException if a TLS store cannot be read, or the JAAS section of SASL does not exist
     */
    static CuratorFramework create(ZooKeeperDiscoveryOptions options) {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(options.connectString())
                .sessionTimeoutMs((int) options.sessionTimeout().toMillis())
                .connectionTimeoutMs((int) options.connectionTimeout().toMillis())
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 1000, 3));
        ZooKeeperAuth auth = options.auth();
        if (auth != null && auth.scheme() == Scheme.DIGEST) {
            builder.authorization("digest", auth.digestCredentials());
        }
        if (options.acl() != ZooKeeperAcl.OPEN) {
            builder.aclProvider(new FixedAcl(options.acl().acl()));
        }
        boolean sasl = auth != null && auth.scheme() == Scheme.SASL;
        if (sasl || options.tls() != null) {
            // starts from the JVM's zookeeper.* system properties, as ZooKeeper's own client does
            ZKClientConfig config = new ZKClientConfig();
            if (sasl) {
                requireJaasSection(auth.loginContext());
                config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "true");
                config.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, auth.loginContext());
            }
            if (options.tls() != null) {
                options.tls().checkReadable();
                options.tls().applyTo(config);
            }
            builder.zkClientConfig(config);
        }
        return builder.build();
    }

    /** Fails now rather than letting ZooKeeper's client go on unauthenticated (which it does, logging a warning). */
    private static void requireJaasSection(String section) {
        AppConfigurationEntry[] entries;
        try {
            entries = Configuration.getConfiguration().getAppConfigurationEntry(section);
        }
        catch (SecurityException ex) {
            throw new IllegalArgumentException("ZooKeeper SASL needs a JAAS configuration with the section '" + section
                    + "', but it cannot be read: " + ex.getMessage(), ex);
        }
        if (entries == null || entries.length == 0) {
            throw new IllegalArgumentException("ZooKeeper SASL needs the section '" + section + "' in the JAAS "
                    + "configuration, which has none: point -Djava.security.auth.login.config at a file that has it");
        }
    }

    /** The same ACL for every znode. */
    private record FixedAcl(List<ACL> acl) implements ACLProvider {

        @Override
        public List<ACL> getDefaultAcl() {
            return acl;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return acl;
        }
    }
}
