package dev.rpc.spring.boot.server;

import dev.rpc.core.service.ServiceDescriptor;

/**
 * One service the server exports: an interface, resolved, and the bean that implements it.
 *
 * @param beanName the name of the {@code @RpcService} bean
 * @param service the exported interface and its service name
 * @param implementation the object calls run on: the bean, without Spring's {@code @Async} advice
 */
public record ExportedService(String beanName, ServiceDescriptor service, Object implementation) {
}
