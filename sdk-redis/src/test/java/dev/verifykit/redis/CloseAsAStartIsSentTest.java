package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.error.StoreUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RedisGuardrailStore/RedisCalls: "close() is final: calls waiting for Redis end at once ..., a start
 * among them undone after it as when Redis does not answer in time ... It closes the connection the
 * store opened ..., after those undos were sent on it." A start whose command was already handed to
 * Lettuce (written to Redis) when the close ran, but whose thread had not yet registered its wait
 * (descheduled between the two), was not among the waits the close ended: the thread found the store
 * closed and "sent" the undo itself, on the connection the close had just closed. Redis ran the
 * start, never the undo: the session's read stayed in flight for its lease (here an hour). A call
 * now registers its wait before its command is handed over, and a close waits for a hand-over in
 * progress, so that it sends the undo after the command before it returns: an application shutting
 * its Lettuce client down right after the store's close (Spring's destroy order) loses nothing.
 */
class CloseAsAStartIsSentTest {
    private static final ReadRules RULES = ReadRules.of(Duration.ZERO, 60, Duration.ofHours(1), Duration.ofHours(1));

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aStartSentAsTheStoreClosesIsUndoneBeforeTheCloseReturns(boolean shutDownTheClientAfterTheClose)
            throws Exception {
        ClientResources resources = DefaultClientResources.create();
        try (RedisServerProcess server = RedisServerProcess.start()) {
            AtomicBoolean armed = new AtomicBoolean();
            CountDownLatch sent = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            RedisClient client = new PausingClient(resources, server.uri(), armed, sent, resume);
            RedisClient plain = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> admin = plain.connect()) {
                RedisGuardrailStore store = RedisGuardrailStore.builder(client)
                        .commandTimeout(SharedRedis.PATIENT).build();
                ReadStart warm = store.startRead("acct", "warm-up", RULES); // the script loaded (EVALSHA known)
                assertThat(warm.kind()).isEqualTo(ReadStart.Kind.STARTED);

                armed.set(true);
                CompletableFuture<Throwable> start = CompletableFuture.supplyAsync(
                        () -> catchThrowable(() -> store.startRead("acct", "session-1", RULES)));
                assertThat(sent.await(30, TimeUnit.SECONDS)).as("the start is handed to Lettuce").isTrue();
                Thread closer = new Thread(store::close, "closer");
                closer.start();
                // the close waits for the hand-over in progress: released once it does
                for (int i = 0; i < 3000 && closer.getState() != Thread.State.TIMED_WAITING; i++) {
                    Thread.sleep(10);
                }
                assertThat(closer.getState()).as("the close waits for the start being handed over")
                        .isEqualTo(Thread.State.TIMED_WAITING);
                resume.countDown();
                closer.join(30_000);
                assertThat(closer.isAlive()).isFalse();
                if (shutDownTheClientAfterTheClose) {
                    client.shutdown(Duration.ZERO, Duration.ofSeconds(30)); // what the store depended on, after its close
                }
                assertThat(start.get(30, TimeUnit.SECONDS)).isInstanceOf(StoreUnavailableException.class);

                // until Redis has seen the store's connection end, after what it carried (a bound of 30 s)
                for (int i = 0; i < 3000 && admin.sync().clientList().lines().count() > 1; i++) {
                    Thread.sleep(10);
                }
                assertThat(admin.sync().clientList().lines().count()).as("the store's connection ended").isEqualTo(1);
                try (RedisGuardrailStore next = RedisGuardrailStore.builder(plain).commandTimeout(SharedRedis.PATIENT)
                        .build()) {
                    assertThat(next.startRead("acct", "session-1", RULES).kind())
                            .as("the session's read started by a store call the close ended, never undone: in flight"
                                    + " for its lease (an hour), from every instance")
                            .isEqualTo(ReadStart.Kind.STARTED);
                }
            } finally {
                plain.shutdown();
                if (!shutDownTheClientAfterTheClose) {
                    client.shutdown();
                }
            }
        } finally {
            resources.shutdown().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * RedisGuardrailStore.close: "a start being handed to Lettuce as it runs is waited for, at most
     * the command timeout". A hand-over that does not end (its thread held until the test lets it go):
     * the close returns all the same after the command timeout (1 s, far within the 30-s bound), and
     * is final: the start held ends as closed, and a later call fails at once.
     */
    @Test
    void theCloseWaitsForAStartBeingHandedOverAtMostTheCommandTimeout() throws Exception {
        ClientResources resources = DefaultClientResources.create();
        try (RedisServerProcess server = RedisServerProcess.start()) {
            AtomicBoolean armed = new AtomicBoolean(true);
            CountDownLatch sent = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            RedisClient client = new PausingClient(resources, server.uri(), armed, sent, resume);
            try {
                RedisGuardrailStore store = RedisGuardrailStore.builder(client).commandTimeout(Duration.ofSeconds(1)).build();
                CompletableFuture<Throwable> start = CompletableFuture.supplyAsync(
                        () -> catchThrowable(() -> store.startRead("acct", "session-1", RULES)));
                assertThat(sent.await(30, TimeUnit.SECONDS)).as("the start is handed to Lettuce").isTrue();

                Thread closer = new Thread(store::close, "closer");
                closer.start();
                closer.join(30_000);
                assertThat(closer.isAlive()).as("the close, past the command timeout, still waiting for the hand-over")
                        .isFalse();

                resume.countDown();
                assertThat(start.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(StoreUnavailableException.class,
                        e -> assertThat(e.getMessage()).contains("was closed while waiting for Redis"));
                assertThatThrownBy(() -> store.startRead("acct", "session-2", RULES))
                        .isInstanceOfSatisfying(StoreUnavailableException.class,
                                e -> assertThat(e.getMessage()).contains("(Redis) was closed", "nothing was sent"));
            } finally {
                resume.countDown();
                client.shutdown();
            }
        } finally {
            resources.shutdown().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A client whose connections hold the thread that sent an {@code EVALSHA} (once armed), after
     * Lettuce took the command and before the store registers its wait: a thread descheduled there.
     */
    private static final class PausingClient extends RedisClient {
        private final AtomicBoolean armed;
        private final CountDownLatch sent;
        private final CountDownLatch resume;

        PausingClient(ClientResources resources, RedisURI uri, AtomicBoolean armed, CountDownLatch sent,
                CountDownLatch resume) {
            super(resources, uri);
            this.armed = armed;
            this.sent = sent;
            this.resume = resume;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K, V> StatefulRedisConnection<K, V> connect(RedisCodec<K, V> codec) {
            StatefulRedisConnection<K, V> real = super.connect(codec);
            return (StatefulRedisConnection<K, V>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {StatefulRedisConnection.class}, (proxy, method, args) -> {
                        Object result = invoke(real, method, args);
                        if (method.getName().equals("async")) {
                            RedisAsyncCommands<K, V> commands = (RedisAsyncCommands<K, V>) result;
                            return Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {RedisAsyncCommands.class}, (p, m, a) -> {
                                        Object answer = invoke(commands, m, a);
                                        if (m.getName().equals("evalsha") && armed.compareAndSet(true, false)) {
                                            sent.countDown();
                                            awaitUninterruptibly(resume);
                                        }
                                        return answer;
                                    });
                        }
                        return result;
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private static void awaitUninterruptibly(CountDownLatch latch) {
            boolean interrupted = false;
            while (true) {
                try {
                    latch.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
