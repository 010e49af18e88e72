package dev.rpc.core.client;

import java.util.Set;

/** Every call goes to one configured address. */
final class FixedTarget implements CallTarget {

    private final Peer peer;

    FixedTarget(Peer peer) {
        this.peer = peer;
    }

    Peer peer() {
        return peer;
    }

    @Override
    public Peer select(Set<Peer> tried) {
        return tried.contains(peer) ? null : peer;
    }

    @Override
    public boolean canFailOver() {
        return false;
    }

    @Override
    public String noProviderMessage() {
        return Peer.describe(peer.address()) + " already failed";
    }

    @Override
    public String describe() {
        return Peer.describe(peer.address());
    }
}
