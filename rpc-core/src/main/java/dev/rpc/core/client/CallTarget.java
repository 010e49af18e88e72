package dev.rpc.core.client;

import java.util.Set;

/** Where the calls of one proxy go: one fixed server, or a provider chosen per call. */
interface CallTarget {

    /**
     * Returns the peer for the next attempt of a call.
     * @param tried peers this call already failed on; avoided when there is another choice
     * @return a peer, or {@code null} if no provider is left to try
     */
    Peer select(Set<Peer> tried);

    /** Returns whether calls may be retried on another peer. */
    boolean canFailOver();

    /** Returns the failure for a call that found no provider at all. */
    String noProviderMessage();

    /** Describes the target for messages. */
    String describe();
}
