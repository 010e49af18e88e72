/**
 * Bean registration behind the annotations.
 */
package dev.rpc.spring.boot.context;
