package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dock's times are JavaScript dates (".000Z", milliseconds): the service reads its clock in whole
 * milliseconds, as the mock does for the RPC and Dokai. Before, Dock's side read it to the
 * microsecond and wrote {@code expiresAt} cut to the millisecond, so a session read at the instant
 * its {@code expiresAt} named was still {@code pending} (and reused by a create) for up to 1 ms.
 */
class DockMillisecondClockTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00.000700Z"));
    private MockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSessionIsExpiredAtTheInstantItsAdvertisedExpiresAtNames() {
        server = MockServer.start(MockSettings.builder().clock(clock).build());
        Http http = new Http(server);
        Answer created = http.create(Http.FREE, "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"ms\"}");
        String id = (String) created.data().get("id");
        Instant advertised = Instant.parse((String) created.data().get("expiresAt"));
        assertThat(advertised).isEqualTo(Instant.parse("2026-05-07T00:05:00.000Z"));

        clock.set(advertised); // the moment the service said the session ends
        Answer read = http.read(Http.FREE, id, null);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.data().get("status")).as("status read at the advertised expiresAt %s", advertised)
                .isEqualTo("expired");
    }

    @Test
    void aSessionReadAtItsAdvertisedExpiresAtIsNotReusedByACreate() {
        server = MockServer.start(MockSettings.builder().clock(clock).build());
        Http http = new Http(server);
        Answer first = http.create(Http.FREE, "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"ms2\"}");
        clock.set(Instant.parse((String) first.data().get("expiresAt")));

        Answer second = http.create(Http.FREE, "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"ms2\"}");

        assertThat(second.data().get("reusedExisting")).as("a session past its advertised expiresAt reused").isEqualTo(false);
    }
}
