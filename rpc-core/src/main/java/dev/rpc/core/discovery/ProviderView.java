package dev.rpc.core.discovery;

import java.util.List;

/**
 * The live set of providers of one service, kept up to date in the background by a {@link ServiceDiscovery}.
 * Reading it is cheap (no remote call), so clients read it on every call.
 */
public interface ProviderView {

    /** Returns the providers known now; empty when there are none. Never blocks. */
    List<ServiceInstance> providers();

    /** Returns where the providers are looked up, for messages, e.g. a ZooKeeper path. */
    String location();
}
