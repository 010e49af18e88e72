package dev.rpc.core.client;

import java.util.Set;

/** Where the calls of one proxy go: one fixed server, or a provider chosen per call. */
interface CallTarget {

    /**
     * Returns the server address for the next attempt of a call.
     * @param tried endpoints this call already failed on; avoided when there is another choice
     * @return an endpoint, or {@code null} if no provider is left to try
     */
    Endpoint select(Set<Endpoint> tried);


    /** Returns the failure for a call that found no provider at all. */
    String noProviderMessage();

    /** Describes the target for messages. */
    String describe();
}
