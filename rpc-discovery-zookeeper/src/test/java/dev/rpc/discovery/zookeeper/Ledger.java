package dev.rpc.discovery.zookeeper;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every execution of every call, on every provider of a test: which provider ran which call id. */
final class Ledger {

    private final Map<Long, List<String>> executions = new ConcurrentHashMap<>();

    void executed(long callId, String provider) {
        executions.computeIfAbsent(callId, id -> new CopyOnWriteArrayList<>()).add(provider);
    }

    /** Returns the providers that ran the call, once per execution. */
    List<String> executionsOf(long callId) {
        return executions.getOrDefault(callId, List.of());
    }

    long totalExecutions() {
        return executions.values().stream().mapToLong(List::size).sum();
    }

    long duplicates() {
        return executions.values().stream().filter(list -> list.size() > 1).count();
    }

    void clear() {
        executions.clear();
    }

    Map<Long, List<String>> all() {
        return executions;
    }
}
