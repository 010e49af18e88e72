package dev.rpc.discovery.zookeeper;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;

/**
 * TLS to ZooKeeper's secure client port ({@code secureClientPort} in {@code zoo.cfg}, served by
 * {@code NettyServerCnxnFactory}); build with {@link #builder()}. Immutable; {@link #toString()} never shows a
 * password.
 *
 * <p>These are ZooKeeper's own client TLS settings, given to this discovery's ZooKeeper client alone (not as JVM-wide
 * system properties): {@code zookeeper.client.secure=true},
 * {@code zookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty}, and
 * {@code zookeeper.ssl.keyStore.*}, {@code zookeeper.ssl.trustStore.*}, {@code zookeeper.ssl.hostnameVerification}.
 * The connect string then names the servers' secure ports.
 *
 * @param keyStore the key store holding this client's certificate and key, for servers that ask for one
 *        ({@code ssl.clientAuth}); {@code null}: none
 * @param keyStorePassword its password; {@code null}: none
 * @param keyStoreType {@code JKS}, {@code PKCS12}, {@code PEM} or {@code BCFKS}; {@code null}: from the file
 *        name's extension ({@code .jks}, {@code .p12}/{@code .pfx}, {@code .pem}, {@code .bcfks})
 * @param trustStore the trust store holding the certificates that ZooKeeper's server certificates are checked
 *        against; {@code null}: the JVM's default trust store
 * @param trustStorePassword its password; {@code null}: none
 * @param trustStoreType as {@code keyStoreType}
 * @param hostnameVerification whether a server certificate must name the host the client connected to; default
 *        {@code true}
 */
public record ZooKeeperTls(Path keyStore, String keyStorePassword, String keyStoreType, Path trustStore,
        String trustStorePassword, String trustStoreType, boolean hostnameVerification) {

    private static final String NETTY_SOCKET = "org.apache.zookeeper.ClientCnxnSocketNetty";

    /** Returns a builder with no stores and hostname verification on. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks that the stores can be read, so that a wrong path fails at startup with its name rather than as a
     * ZooKeeper that cannot be reached.
     * @throws IllegalArgumentException naming a store that is not a readable file
     */
    void checkReadable() {
        requireReadable(keyStore, "key store");
        requireReadable(trustStore, "trust store");
    }

    private static void requireReadable(Path store, String name) {
        if (store != null && !(Files.isRegularFile(store) && Files.isReadable(store))) {
            throw new IllegalArgumentException("ZooKeeper TLS " + name + " " + store + " is not a readable file");
        }
    }

    /** Writes these settings into a ZooKeeper client configuration. */
    void applyTo(ZKClientConfig config) {
        config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, NETTY_SOCKET);
        try (ClientX509Util x509 = new ClientX509Util()) {
            set(config, x509.getSslKeystoreLocationProperty(), keyStore == null ? null : keyStore.toString());
            set(config, x509.getSslKeystorePasswdProperty(), keyStorePassword);
            set(config, x509.getSslKeystoreTypeProperty(), keyStoreType);
            set(config, x509.getSslTruststoreLocationProperty(), trustStore == null ? null : trustStore.toString());
            set(config, x509.getSslTruststorePasswdProperty(), trustStorePassword);
            set(config, x509.getSslTruststoreTypeProperty(), trustStoreType);
            config.setProperty(x509.getSslHostnameVerificationEnabledProperty(), Boolean.toString(hostnameVerification));
        }
    }

    private static void set(ZKClientConfig config, String key, String value) {
        if (value != null) {
            config.setProperty(key, value);
        }
    }

    /** Returns the stores and the hostname verification, never a password. */
    @Override
    public String toString() {
        return "ZooKeeperTls[keyStore=" + keyStore + ", keyStoreType=" + keyStoreType + ", trustStore=" + trustStore
                + ", trustStoreType=" + trustStoreType + ", hostnameVerification=" + hostnameVerification + "]";
    }

    /** Builds {@link ZooKeeperTls}. */
    public static final class Builder {

        private Path keyStore;

        private String keyStorePassword;

        private String keyStoreType;

        private Path trustStore;

        private String trustStorePassword;

        private String trustStoreType;

        private boolean hostnameVerification = true;

        private Builder() {
        }

        /**
         * Sets the key store with this client's certificate, for servers that require client certificates.
         * @param location the file
         * @param password its password, or {@code null}
         */
        public Builder keyStore(Path location, String password) {
            this.keyStore = location;
            this.keyStorePassword = password;
            return this;
        }

        /** Sets the key store's type; default: from its file name's extension. */
        public Builder keyStoreType(String type) {
            this.keyStoreType = type;
            return this;
        }

        /**
         * Sets the trust store that ZooKeeper's server certificates are checked against; default: the JVM's.
         * @param location the file
         * @param password its password, or {@code null}
         */
        public Builder trustStore(Path location, String password) {
            this.trustStore = location;
            this.trustStorePassword = password;
            return this;
        }

        /** Sets the trust store's type; default: from its file name's extension. */
        public Builder trustStoreType(String type) {
            this.trustStoreType = type;
            return this;
        }

        /** Sets whether a server certificate must name the host connected to; default {@code true}. */
        public Builder hostnameVerification(boolean hostnameVerification) {
            this.hostnameVerification = hostnameVerification;
            return this;
        }

        /** Returns the settings. */
        public ZooKeeperTls build() {
            return new ZooKeeperTls(keyStore, keyStorePassword, keyStoreType, trustStore, trustStorePassword,
                    trustStoreType, hostnameVerification);
        }
    }
}
