package dev.verifykit.examples.demo;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RawResponse;
import dev.verifykit.dock.LinkResult;
import dev.verifykit.examples.RequestCounter;
import dev.verifykit.sse.DockSessionStreams;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * Dock: create a session, send the user to its {@code verifyUrl}, and learn the link the moment the
 * user finishes, once over SSE and once by long-poll.
 */
final class DockFlow implements Flow {
    private final DockClient.Builder client;
    private final String pid;
    private final OkHttpClient http;
    private final Consumer<DockSession> user;

    /**
     * @param client a builder with the API key and base URL set
     * @param user what the user does with a session (the mock: finish it after a moment; for real:
     *     a person opens the URL)
     */
    DockFlow(DockClient.Builder client, String pid, OkHttpClient http, Consumer<DockSession> user) {
        this.client = client;
        this.pid = pid;
        this.http = http;
        this.user = user;
    }

    @Override
    public String name() {
        return "dock";
    }

    @Override
    public Outcome run(Transcript t, RequestCounter requests) {
        try (DockClient dock = client.okHttpClient(requests.counting(http)).build()) {
            DockSession bySse = create(dock, t, "demo-user-sse");
            DockSession done = DockSessionStreams.of(dock).awaitCompletion(bySse.id());
            LinkResult sseLink = report(t, "SSE", done);

            DockSession byLongPoll = create(dock, t, "demo-user-long-poll");
            LinkResult pollLink = report(t, "long-poll", dock.sessions().awaitCompletion(byLongPoll.id()));
            return sseLink != null && pollLink != null
                    ? new Outcome(true, "linked twice (SSE, long-poll): discord " + pollLink.discordId() + " = roblox "
                            + pollLink.robloxId())
                    : new Outcome(false, "a session ended without a link");
        }
    }

    private DockSession create(DockClient dock, Transcript t, String clientId) {
        RawResponse<DockSession> created = dock.sessions().withRawResponse()
                .create(CreateSessionParams.builder().pid(pid).clientId(clientId).build());
        DockSession session = created.value();
        t.say(name(), "created " + session.id() + " for " + clientId + " (Idempotency-Key "
                + created.idempotencyKey().map(IdempotencyKey::value).orElse("-") + ")");
        t.say(name(), "send the user to " + session.verifyUrl());
        user.accept(session);
        return session;
    }

    private LinkResult report(Transcript t, String how, DockSession done) {
        t.say(name(), "by " + how + ": " + done.id() + " is " + done.status().raw());
        LinkResult link = done.result().orElse(null);
        if (link != null) {
            t.say(name(), "  link: discord " + link.discordId() + " = roblox " + link.robloxId() + ", version "
                    + link.linkVersion() + (link.linkChanged() ? " (changed from " + link.previousRobloxId().orElse("?") + ")" : "")
                    + ", " + link.linkHash());
        }
        return link;
    }
}
