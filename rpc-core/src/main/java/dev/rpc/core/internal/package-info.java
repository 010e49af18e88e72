/**
 * The framework's own machinery: the wire codec ({@code internal.codec}), event loops and batched writes
 * ({@code internal.transport}) and shared checks. Nothing here is API: it may change in any release. Applications use
 * the packages {@code client}, {@code server}, {@code context}, {@code protocol}, {@code service},
 * {@code discovery} and {@code serialization}.
 */
package dev.rpc.core.internal;
