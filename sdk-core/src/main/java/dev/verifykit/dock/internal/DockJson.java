package dev.verifykit.dock.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.LinkResult;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.http.internal.ReflectedSecrets;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.json.internal.EnvelopeData;
import dev.verifykit.json.internal.ModelAdapter;
import dev.verifykit.json.internal.Values;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Dock's v2 JSON: the session and its link, and the envelope around them. */
final class DockJson {
    static final JsonAdapter<LinkResult> LINK = new ModelAdapter<LinkResult.Builder, LinkResult>("discordId",
            "robloxId", "verifiedAt", "linkChanged", "previousRobloxId", "linkVersion", "linkHash") {
        @Override
        protected LinkResult.Builder newBuilder() {
            return LinkResult.builder();
        }

        @Override
        protected void read(int field, JsonReader in, LinkResult.Builder link) throws IOException {
            switch (field) {
                case 0 -> link.discordId(Values.text(in));
                case 1 -> link.robloxId(Values.text(in));
                case 2 -> link.verifiedAt(Values.isoInstant(in));
                case 3 -> link.linkChanged(in.nextBoolean());
                case 4 -> link.previousRobloxId(Values.text(in));
                case 5 -> link.linkVersion(Values.wholeInt(in));
                case 6 -> link.linkHash(Values.text(in));
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected LinkResult build(LinkResult.Builder link, Map<String, Object> additional) {
            return link.additionalProperties(additional).build();
        }
    };

    static final JsonAdapter<DockSession> SESSION = new ModelAdapter<DockSession.Builder, DockSession>("id", "pid",
            "clientId", "guildId", "status", "statusReason", "createdAt", "expiresAt", "terminalAt", "verifyUrl",
            "reusedExisting", "result") {
        @Override
        protected DockSession.Builder newBuilder() {
            return DockSession.builder();
        }

        @Override
        protected void read(int field, JsonReader in, DockSession.Builder session) throws IOException {
            switch (field) {
                case 0 -> session.id(Values.text(in));
                case 1 -> session.pid(Values.text(in));
                case 2 -> session.clientId(Values.text(in));
                case 3 -> session.guildId(Values.text(in));
                case 4 -> session.status(OpenEnum.of(DockSessionStatus.class, Values.text(in)));
                case 5 -> session.statusReason(Values.text(in));
                case 6 -> session.createdAt(Values.isoInstant(in));
                case 7 -> session.expiresAt(Values.isoInstant(in));
                case 8 -> session.terminalAt(Values.isoInstant(in));
                case 9 -> session.verifyUrl(Values.webUrl(in));
                case 10 -> session.reusedExisting(in.nextBoolean());
                case 11 -> session.result(LINK.fromJson(in));
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected DockSession build(DockSession.Builder session, Map<String, Object> additional) {
            DockSession built = session.additionalProperties(additional).build();
            if (built.isCompleted() && built.result().isEmpty()) {
                // completed means linked: one without its link is no outcome to hand over (nor to wait on)
                throw new JsonDataException("a completed session has no result");
            }
            return built;
        }
    };

    /** The session of a successful v2 answer: the envelope's {@code data}. */
    static final JsonAdapter<DockSession> SESSION_DATA = EnvelopeData.of("data", SESSION);

    /**
     * {@code session} with the client's own secrets masked in its text ({@link ReflectedSecrets}):
     * itself when it holds none.
     */
    static DockSession withoutSecrets(DockSession session, Redactor redactor) {
        Optional<String> guildIdAsRead = session.guildId(); // an Optional is made at each call of its accessor
        Optional<String> statusReasonAsRead = session.statusReason();
        Optional<LinkResult> resultAsRead = session.result();
        Map<String, Object> additionalAsRead = session.additionalProperties();
        String id = ReflectedSecrets.text(redactor, session.id());
        String pid = ReflectedSecrets.text(redactor, session.pid());
        String clientId = ReflectedSecrets.text(redactor, session.clientId());
        Optional<String> guildId = ReflectedSecrets.text(redactor, guildIdAsRead);
        String status = ReflectedSecrets.text(redactor, session.status().raw());
        Optional<String> statusReason = ReflectedSecrets.text(redactor, statusReasonAsRead);
        String verifyUrl = ReflectedSecrets.text(redactor, session.verifyUrl());
        LinkResult link = resultAsRead.orElse(null);
        LinkResult result = link == null ? null : withoutSecrets(link, redactor); // no lambda: see ModelAdapter
        Map<String, Object> additional = ReflectedSecrets.properties(redactor, additionalAsRead);
        if (id == session.id() && pid == session.pid() && clientId == session.clientId() && guildId == guildIdAsRead
                && status == session.status().raw() && statusReason == statusReasonAsRead
                && verifyUrl == session.verifyUrl() && result == link && additional == additionalAsRead) {
            return session;
        }
        return session.toBuilder().id(id).pid(pid).clientId(clientId).guildId(guildId)
                .status(status == session.status().raw() ? session.status() : OpenEnum.of(DockSessionStatus.class, status))
                .statusReason(statusReason).verifyUrl(verifyUrl).result(Optional.ofNullable(result))
                .additionalProperties(additional).build();
    }

    private static LinkResult withoutSecrets(LinkResult link, Redactor redactor) {
        Optional<String> previousAsRead = link.previousRobloxId();
        Map<String, Object> additionalAsRead = link.additionalProperties();
        String discordId = ReflectedSecrets.text(redactor, link.discordId());
        String robloxId = ReflectedSecrets.text(redactor, link.robloxId());
        Optional<String> previousRobloxId = ReflectedSecrets.text(redactor, previousAsRead);
        String linkHash = ReflectedSecrets.text(redactor, link.linkHash());
        Map<String, Object> additional = ReflectedSecrets.properties(redactor, additionalAsRead);
        if (discordId == link.discordId() && robloxId == link.robloxId() && previousRobloxId == previousAsRead
                && linkHash == link.linkHash() && additional == additionalAsRead) {
            return link;
        }
        return link.toBuilder().discordId(discordId).robloxId(robloxId).previousRobloxId(previousRobloxId)
                .linkHash(linkHash).additionalProperties(additional).build();
    }

    private DockJson() {}
}
