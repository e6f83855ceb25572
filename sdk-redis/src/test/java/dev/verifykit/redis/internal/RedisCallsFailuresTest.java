package dev.verifykit.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/**
 * How a failure of Redis is worded and whether a build connects again, as {@code RedisCalls.failed}
 * and {@code closedInHandshake} say: the tests against a real redis-server see one Redis version's
 * wording (6.2's {@code WRONGPASS}) and one kind of cut handshake; the others are pinned here.
 */
class RedisCallsFailuresTest {
    @Test
    void everyAuthenticationErrorOfRedisIsSaidToBeARefusalOfTheCredentials() {
        for (String answer : new String[] {"WRONGPASS invalid username-password pair", "NOAUTH Authentication required.",
                "ERR invalid password", "ERR AUTH <password> called without any password configured for the default user"}) {
            RedisCommandExecutionException refusal = new RedisCommandExecutionException(answer);
            assertThat(RedisCalls.failed(refusal)).as(answer).isEqualTo("refused the credentials given");
            assertThat(RedisCalls.failed(new RedisConnectionException("Unable to connect to 127.0.0.1:6379", refusal)))
                    .as("%s, as the cause of Lettuce's connection failure", answer).isEqualTo("refused the credentials given");
        }
        assertThat(RedisCalls.failed(null)).isEqualTo("could not be reached");
        assertThat(RedisCalls.failed(new RedisCommandExecutionException("ERR unknown command"))).isEqualTo("could not be reached");
        assertThat(RedisCalls.failed(new RedisCommandExecutionException("OOM command not allowed")))
                .isEqualTo("could not be reached");
        // the words of an authentication error in another kind of exception (a message of Lettuce's, not Redis's answer)
        assertThat(RedisCalls.failed(new RedisConnectionException("NOAUTH"))).isEqualTo("could not be reached");
        assertThat(RedisCalls.failed(new RedisCommandExecutionException((String) null))).isEqualTo("could not be reached");
    }

    @Test
    void onlyAConnectionClosedDuringTheHandshakeIsTriedAgain() {
        assertThat(RedisCalls.closedInHandshake(new RedisConnectionException("Unable to connect", new ClosedChannelException())))
                .isTrue();
        assertThat(RedisCalls.closedInHandshake(new RedisConnectionException("Unable to connect",
                new RedisConnectionException("Connection closed prematurely")))).isTrue();
        assertThat(RedisCalls.closedInHandshake(new RedisConnectionException("Unable to connect",
                new IllegalStateException("RedisHandshakeHandler not registered")))).isTrue();

        assertThat(RedisCalls.closedInHandshake(new RedisConnectionException("Unable to connect",
                new ConnectException("Connection refused")))).as("refused").isFalse();
        assertThat(RedisCalls.closedInHandshake(new RedisConnectionException("Unable to connect",
                new RedisCommandTimeoutException("Command timed out")))).as("timed out").isFalse();
        assertThat(RedisCalls.closedInHandshake(new IllegalStateException("Connection closed prematurely")))
                .as("the words in another kind of exception").isFalse();
        assertThat(RedisCalls.closedInHandshake(new RedisConnectionException("Unable to connect",
                new IllegalStateException("another state")))).isFalse();
        assertThat(RedisCalls.closedInHandshake(new RedisCommandExecutionException("WRONGPASS invalid username-password pair")))
                .as("a refusal Redis answered").isFalse();
    }
}
