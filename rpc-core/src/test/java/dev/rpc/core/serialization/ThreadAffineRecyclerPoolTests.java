package dev.rpc.core.serialization;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.core.util.BufferRecycler;

import static org.assertj.core.api.Assertions.assertThat;

/** Jackson's buffers: kept per platform thread, never shared by two threads, used by every format. */
class ThreadAffineRecyclerPoolTests {

    interface Echo {
        String echo(String text);
    }

    @Test
    void aThreadGetsItsOwnBuffersBackEveryTime() {
        BufferRecycler first = ThreadAffineRecyclerPool.INSTANCE.acquireAndLinkPooled();
        first.releaseToPool();
        assertThat(ThreadAffineRecyclerPool.INSTANCE.acquireAndLinkPooled()).isSameAs(first);
    }

    @Test
    void twoThreadsNeverGetTheSameBuffers() throws Exception {
        BufferRecycler mine = ThreadAffineRecyclerPool.INSTANCE.acquireAndLinkPooled();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            BufferRecycler theirs = other.submit(ThreadAffineRecyclerPool.INSTANCE::acquireAndLinkPooled).get(10, TimeUnit.SECONDS);
            assertThat(theirs).isNotSameAs(mine);
        }
        finally {
            other.shutdownNow();
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadsShareBuffersThroughThePoolInsteadOfKeepingThem() throws Throwable {
        ExecutorService virtual = (ExecutorService) MethodHandles.publicLookup().findStatic(Executors.class,
                "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class)).invokeExact();
        try {
            BufferRecycler released = virtual.submit(() -> {
                BufferRecycler recycler = ThreadAffineRecyclerPool.INSTANCE.acquireAndLinkPooled();
                recycler.releaseToPool();
                return recycler;
            }).get(10, TimeUnit.SECONDS);
            boolean reused = virtual.submit(() -> {
                // the shared pool hands out the oldest first: other virtual threads may have given some back before
                List<BufferRecycler> taken = new ArrayList<>();
                try {
                    for (int i = 0; i < 10_000; i++) {
                        BufferRecycler recycler = ThreadAffineRecyclerPool.INSTANCE.acquireAndLinkPooled();
                        taken.add(recycler);
                        if (recycler == released) {
                            return true;
                        }
                    }
                    return false;
                }
                finally {
                    taken.forEach(BufferRecycler::releaseToPool);
                }
            }).get(10, TimeUnit.SECONDS);

            assertThat(reused).as("a later virtual thread reuses what an earlier one gave back").isTrue();
        }
        finally {
            virtual.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void everyFormatTakesItsBuffersFromThePool(SerializationFormat format) {
        assertThat(JacksonSerialization.of(format).mapper().tokenStreamFactory()._getRecyclerPool())
                .isSameAs(ThreadAffineRecyclerPool.INSTANCE);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void threadsSerializingAtOnceKeepTheirValuesApart(SerializationFormat format) throws Exception {
        MethodDescriptor echo = ServiceDescriptor.of(Echo.class).methods().get(0);
        MethodSerializer serializer = JacksonSerialization.of(format).forMethod(echo);
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String mark = "thread-" + t + "-" + "x".repeat(3000 + t * 1000); // beyond one buffer segment
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    int roundTrips = 0;
                    for (int i = 0; i < 500; i++) {
                        ByteBuf buf = Unpooled.buffer();
                        try {
                            serializer.writeArguments(new Object[] { mark + i }, buf);
                            assertThat(serializer.readArguments(buf)).containsExactly(mark + i);
                            roundTrips++;
                        }
                        finally {
                            buf.release();
                        }
                    }
                    return roundTrips;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(500);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }
}
