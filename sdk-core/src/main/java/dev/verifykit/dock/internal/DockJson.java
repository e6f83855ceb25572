package dev.verifykit.dock.internal;

import com.squareup.moshi.JsonAdapter;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.LinkResult;
import dev.verifykit.json.internal.EnvelopeData;
import dev.verifykit.json.internal.ObjectAdapter;
import dev.verifykit.json.internal.Values;

/** Dock's v2 JSON: the session and its link, and the envelope around them. */
final class DockJson {
    static final JsonAdapter<LinkResult> LINK = ObjectAdapter.of(LinkResult::builder, LinkResult.Builder::build,
                    LinkResult.Builder::additionalProperties)
            .field("discordId", Values.STRING, LinkResult.Builder::discordId)
            .field("robloxId", Values.STRING, LinkResult.Builder::robloxId)
            .field("verifiedAt", Values.ISO_INSTANT, LinkResult.Builder::verifiedAt)
            .field("linkChanged", Values.BOOLEAN, LinkResult.Builder::linkChanged)
            .field("previousRobloxId", Values.STRING, LinkResult.Builder::previousRobloxId)
            .field("linkVersion", Values.INT, LinkResult.Builder::linkVersion)
            .field("linkHash", Values.STRING, LinkResult.Builder::linkHash)
            .adapter();

    static final JsonAdapter<DockSession> SESSION = ObjectAdapter.of(DockSession::builder, DockSession.Builder::build,
                    DockSession.Builder::additionalProperties)
            .field("id", Values.STRING, DockSession.Builder::id)
            .field("pid", Values.STRING, DockSession.Builder::pid)
            .field("clientId", Values.STRING, DockSession.Builder::clientId)
            .field("guildId", Values.STRING, DockSession.Builder::guildId)
            .field("status", Values.openEnum(DockSessionStatus.class), DockSession.Builder::status)
            .field("statusReason", Values.STRING, DockSession.Builder::statusReason)
            .field("createdAt", Values.ISO_INSTANT, DockSession.Builder::createdAt)
            .field("expiresAt", Values.ISO_INSTANT, DockSession.Builder::expiresAt)
            .field("terminalAt", Values.ISO_INSTANT, DockSession.Builder::terminalAt)
            .field("verifyUrl", Values.STRING, DockSession.Builder::verifyUrl)
            .field("reusedExisting", Values.BOOLEAN, DockSession.Builder::reusedExisting)
            .field("result", Values.object(LINK), DockSession.Builder::result)
            .adapter();

    /** The session of a successful v2 answer: the envelope's {@code data}. */
    static final JsonAdapter<DockSession> SESSION_DATA = EnvelopeData.of("data", SESSION);

    private DockJson() {}
}
