package dev.verifykit.examples.demo;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.LinkResult;
import dev.verifykit.examples.RequestCounter;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RawResponse;
import dev.verifykit.sse.DockSessionStreams;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * Dock: create a session, send the user to its {@code verifyUrl}, and learn the link the moment the
 * user finishes, once over SSE and once by long-poll.
 */
final class DockFlow extends ServiceFlow<DockClient.Builder, DockSession> {
    /** The client ids of the two sessions the flow creates: by SSE, then by long-poll. */
    static final List<String> CLIENT_IDS = List.of("demo-user-sse", "demo-user-long-poll");

    private final String pid;

    DockFlow(DockClient.Builder client, String pid, OkHttpClient http, Consumer<DockSession> user) {
        super("dock", client, http, user);
        this.pid = pid;
    }

    @Override
    public Outcome run(Transcript t, RequestCounter requests) {
        try (DockClient dock = counted(requests).build()) {
            DockSession bySse = create(dock, t, CLIENT_IDS.get(0));
            LinkResult sseLink = report(t, "SSE", DockSessionStreams.of(dock).awaitCompletion(bySse.id()));

            DockSession byLongPoll = create(dock, t, CLIENT_IDS.get(1));
            LinkResult pollLink = report(t, "long-poll", dock.sessions().awaitCompletion(byLongPoll.id()));
            return sseLink != null && pollLink != null
                    ? new Outcome(true, "linked twice (SSE, long-poll): discord " + pollLink.discordId() + " = roblox "
                            + pollLink.robloxId())
                    : new Outcome(false, "a session ended without a link");
        }
    }

    private DockSession create(DockClient dock, Transcript t, String clientId) {
        RawResponse<DockSession> created = dock.sessions().withRawResponse()
                .create(params(pid, clientId));
        DockSession session = created.value();
        say(t, "created " + session.id() + " for " + clientId + " (Idempotency-Key "
                + created.idempotencyKey().map(IdempotencyKey::value).orElse("-") + ")");
        say(t, "send the user to " + session.verifyUrl());
        show(session);
        return session;
    }

    /**
     * A create's parameters, as the client checks them before sending.
     *
     * @throws dev.verifykit.error.ValidationException naming the field the client refuses
     */
    static CreateSessionParams params(String pid, String clientId) {
        return CreateSessionParams.builder().pid(pid).clientId(clientId).build();
    }

    private LinkResult report(Transcript t, String how, DockSession done) {
        say(t, "by " + how + ": " + done.id() + " is " + done.status().raw());
        LinkResult link = done.result().orElse(null);
        if (link != null) {
            say(t, "  link: discord " + link.discordId() + " = roblox " + link.robloxId() + ", version "
                    + link.linkVersion() + (link.linkChanged() ? " (changed from " + link.previousRobloxId().orElse("?") + ")" : "")
                    + ", " + link.linkHash());
        }
        return link;
    }
}
