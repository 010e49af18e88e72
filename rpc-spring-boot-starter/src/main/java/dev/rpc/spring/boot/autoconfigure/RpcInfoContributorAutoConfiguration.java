package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.spring.boot.actuate.RpcInfoContributor;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds the framework's version and protocol version to the {@code info} endpoint, when the actuator is present and
 * {@code management.info.rpc.enabled} is not {@code false}.
 */
@AutoConfiguration
@ConditionalOnClass(InfoContributor.class)
@ConditionalOnEnabledInfoContributor("rpc")
public final class RpcInfoContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RpcInfoContributor rpcInfoContributor() {
        return new RpcInfoContributor();
    }
}
