package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

/**
 * The test server restarts on its port (RedisOutageTest): the port must be one the kernel never
 * gives to an outgoing connection, or a connection of any process on a busy machine (or its
 * TIME_WAIT) could hold it while Redis is stopped, and the restart fail with "Address already in use".
 */
class RedisServerProcessTest {
    @Test
    void itsPortIsBelowTheEphemeralRangeAndARestartAnswersOnIt() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            assertThat(server.port()).isBetween(RedisServerProcess.FIRST_PORT, RedisServerProcess.ephemeralStart() - 1);

            server.stop();
            server.startAgain();

            RedisClient client = server.client();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            } finally {
                client.shutdown();
            }
        }
    }
}
