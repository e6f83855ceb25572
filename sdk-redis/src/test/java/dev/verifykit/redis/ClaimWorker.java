package dev.verifykit.redis;

import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One contender of {@link TwoProcessesTest}: claims every delivery key, takes create tokens and
 * starts a read of every session, printing what it got ({@code claimed k}, {@code token},
 * {@code read s}). Run in this JVM by {@link #run} and in a second JVM by {@link #main}, which
 * prints {@code ready} once connected and starts when it reads {@code go}.
 */
public final class ClaimWorker {
    static final int KEYS = 300;
    static final int BURST = 40;
    static final int TAKES = 50;
    static final CreateRules CREATES = CreateRules.of(BURST, Duration.ofHours(1), Duration.ofHours(1));
    static final ReadRules RULES = ReadRules.of(Duration.ofHours(1), 60, Duration.ofHours(1), Duration.ofHours(1));

    private ClaimWorker() {}

    /** Arguments: the Redis port, the namespace. */
    public static void main(String[] args) throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", Integer.parseInt(args[0])));
        try (RedisGuardrailStore store = RedisGuardrailStore.builder(client).namespace(args[1]).commandTimeout(SharedRedis.PATIENT).build();
                RedisReplayGuard guard = RedisReplayGuard.builder(client).namespace(args[1]).commandTimeout(SharedRedis.PATIENT).build()) {
            store.startCreate("warm-up", "warm-up", CreateRules.of(1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if ("go".equals(in.readLine())) {
                run(store, guard, System.out);
            }
        } finally {
            client.shutdown();
        }
        System.out.println("end");
        System.out.flush();
    }

    /** Claims, takes and reads, interleaved, printing what was given to this contender. */
    static void run(RedisGuardrailStore store, ReplayGuard guard, PrintStream out) {
        for (int i = 0; i < KEYS; i++) {
            if (guard.claim("event/ver_" + i + "/verification.completed", Instant.EPOCH).kind() == ReplayGuard.Claim.Kind.CLAIMED) {
                out.println("claimed " + i);
            }
            if (i < TAKES && store.startCreate("acct", UUID.randomUUID().toString(), CREATES).isZero()) {
                out.println("token");
            }
            if (store.startRead("acct", "vsn_" + i, RULES).kind() == ReadStart.Kind.STARTED) {
                out.println("read " + i);
            }
        }
        out.flush();
    }
}
