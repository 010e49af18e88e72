/**
 * Spring AOT support: the runtime hints of the service interfaces an application exports and references
 * (reflection for Jackson and for the server's method calls, JDK proxies for the client), found when AOT
 * processes the application.
 */
package dev.rpc.spring.boot.aot;
