package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.discovery.zookeeper.ZooKeeperServiceDiscovery;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Service discovery on ZooKeeper when the {@code rpc-discovery-zookeeper} module is on the classpath and
 * {@code rpc.discovery.zookeeper.connect-string} is set: servers then register their services, and
 * references without an address find their providers there. Without it, no ZooKeeper is needed.
 *
 * <p>With {@code rpc.discovery.zookeeper.auth.*} the discovery authenticates to ZooKeeper and (by default) creates
 * its znodes so that anyone may read them and only that identity may change them ({@code acl}); with
 * {@code rpc.discovery.zookeeper.ssl.enabled} it connects to ZooKeeper's secure client port.
 */
@AutoConfiguration(before = { RpcClientAutoConfiguration.class, RpcServerAutoConfiguration.class })
@ConditionalOnClass(ZooKeeperServiceDiscovery.class)
@ConditionalOnProperty(prefix = "rpc.discovery.zookeeper", name = "connect-string")
@EnableConfigurationProperties(RpcZooKeeperProperties.class)
public final class RpcZooKeeperDiscoveryAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ServiceDiscovery.class)
    ZooKeeperServiceDiscovery rpcServiceDiscovery(RpcZooKeeperProperties properties) {
        return ZooKeeperServiceDiscovery.create(properties.toOptions());
    }
}
