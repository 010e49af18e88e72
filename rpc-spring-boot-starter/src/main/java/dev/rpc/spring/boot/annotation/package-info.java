/**
 * The annotations applications use: {@code @RpcService} to export a bean, {@code @RpcReference} and
 * {@code @EnableRpcClients} to call one.
 */
package dev.rpc.spring.boot.annotation;
