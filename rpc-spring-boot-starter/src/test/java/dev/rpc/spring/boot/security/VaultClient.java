package dev.rpc.spring.boot.security;

import java.util.concurrent.Executor;

import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.fixtures.CallbackRecorder;
import dev.rpc.spring.boot.fixtures.VaultService;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/** A client application of the vault, whose callback-mode failures go to a {@link CallbackRecorder}. */
@SpringBootConfiguration
@EnableAutoConfiguration
class VaultClient {

    @Bean
    CallbackRecorder callbackRecorder() {
        return new CallbackRecorder();
    }

    @Bean
    AsyncConfigurer asyncConfigurer(CallbackRecorder recorder) {
        return new AsyncConfigurer() {

            @Override
            public Executor getAsyncExecutor() {
                return null;
            }

            @Override
            public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
                return recorder;
            }
        };
    }

    @Bean
    Caller caller() {
        return new Caller();
    }

    static class Caller {

        @RpcReference
        VaultService vault;
    }
}
