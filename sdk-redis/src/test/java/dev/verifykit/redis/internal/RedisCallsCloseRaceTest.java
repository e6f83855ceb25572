package dev.verifykit.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A script whose answer came (the caller returns it as a success) must not be undone by a close
 * that runs before the caller's thread took it off the waiting map.
 */
class RedisCallsCloseRaceTest {
    @Test
    @SuppressWarnings("unchecked")
    void closeDoesNotUndoAScriptWhoseAnswerWasReturned() throws Exception {
        AsyncCommand<byte[], byte[], List<Object>> evalsha = new AsyncCommand<>(new Command<>(CommandType.EVALSHA, null));
        List<String> sent = new CopyOnWriteArrayList<>();
        RedisAsyncCommands<byte[], byte[]> async = (RedisAsyncCommands<byte[], byte[]>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RedisAsyncCommands.class}, (p, m, a) -> {
                    sent.add(m.getName());
                    if (m.getName().equals("evalsha")) {
                        return evalsha;
                    }
                    return new AsyncCommand<>(new Command<>(CommandType.EVAL, null));
                });
        StatefulRedisConnection<byte[], byte[]> connection = (StatefulRedisConnection<byte[], byte[]>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {StatefulRedisConnection.class}, (p, m, a) -> switch (m.getName()) {
                    case "async" -> async;
                    case "isOpen" -> true;
                    default -> null;
                });
        RedisCalls calls = new RedisCalls(connection, false, Duration.ofMinutes(2), Duration.ofSeconds(1), Service.DOCK, "store");
        Script claim = new Script("return 1", "sha-claim");
        Script release = new Script("return 0", "sha-release");
        CompletableFuture<List<Object>> caller = new CompletableFuture<>();
        Thread callerThread = new Thread(() -> {
            try {
                caller.complete(calls.script("x", claim, new RedisCalls.Undo(release), new byte[][] {{1}}));
            } catch (Throwable e) {
                caller.completeExceptionally(e);
            }
        }, "review-caller");
        callerThread.start();
        while (!sent.contains("evalsha")) {
            Thread.onSpinWait();
        }
        Field field = RedisCalls.class.getDeclaredField("lock");
        field.setAccessible(true);
        Object lock = field.get(calls);
        synchronized (lock) {
            evalsha.complete(List.of(1L)); // the answer: the caller returns it once it leaves its finally
            // wait until some thread is blocked on the lock in await's finally
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean blocked = false;
            while (!blocked && System.nanoTime() < until) {
                blocked = callerThread.getState() == Thread.State.BLOCKED;
                Thread.onSpinWait();
            }
            assertThat(blocked).as(callerThread.getState() + " " + caller + " " + java.util.Arrays.toString(callerThread.getStackTrace())).isTrue();
            calls.close(); // reentrant: runs while the caller holds its answer
        }
        assertThat(caller.get(30, TimeUnit.SECONDS)).as("the caller got its answer").containsExactly(1L);
        assertThat(sent).as("no undo of a script whose answer was returned").doesNotContain("eval");
    }
}
