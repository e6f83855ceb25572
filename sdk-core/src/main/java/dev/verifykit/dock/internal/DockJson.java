package dev.verifykit.dock.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.LinkResult;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.json.internal.EnvelopeData;
import dev.verifykit.json.internal.ModelAdapter;
import dev.verifykit.json.internal.Values;
import java.io.IOException;
import java.util.Map;

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
                case 0 -> link.discordId(in.nextString());
                case 1 -> link.robloxId(in.nextString());
                case 2 -> link.verifiedAt(Values.isoInstant(in));
                case 3 -> link.linkChanged(in.nextBoolean());
                case 4 -> link.previousRobloxId(in.nextString());
                case 5 -> link.linkVersion(in.nextInt());
                case 6 -> link.linkHash(in.nextString());
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
                case 0 -> session.id(in.nextString());
                case 1 -> session.pid(in.nextString());
                case 2 -> session.clientId(in.nextString());
                case 3 -> session.guildId(in.nextString());
                case 4 -> session.status(OpenEnum.of(DockSessionStatus.class, in.nextString()));
                case 5 -> session.statusReason(in.nextString());
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

    private DockJson() {}
}
