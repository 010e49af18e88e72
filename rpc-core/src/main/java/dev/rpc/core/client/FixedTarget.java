package dev.rpc.core.client;

import java.util.Set;

/** Every call goes to one configured address. */
final class FixedTarget implements CallTarget {

    private final Endpoint endpoint;

    FixedTarget(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Endpoint select(Set<Endpoint> tried) {
        return tried.contains(endpoint) ? null : endpoint;
    }


    @Override
    public String noProviderMessage() {
        return ClientConnection.describe(endpoint.address()) + " already failed";
    }

    @Override
    public String describe() {
        return ClientConnection.describe(endpoint.address());
    }
}
