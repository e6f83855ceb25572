package dev.verifykit.examples.demo;

import dev.verifykit.examples.RequestCounter;
import dev.verifykit.roblox.AuthSession;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * The Roblox code-verification RPC: the web side begins a session and shows its code, the player
 * enters it in the game (whose server completes it), the web side sees {@code Verified} with the
 * user, and refreshes the JWT.
 */
final class RobloxFlow extends ServiceFlow<RobloxVerificationClient.Builder, VerificationStart> {
    /**
     * @param web a builder with the base URL set
     * @param player what happens in the game once the code is shown
     */
    RobloxFlow(RobloxVerificationClient.Builder web, OkHttpClient http, Consumer<VerificationStart> player) {
        super("roblox", web, http, player);
    }

    /** The game server's side, as the mock's player uses it. */
    static void enterInGame(RobloxGameServerClient game, VerificationStart start, String robloxUserId, Transcript t) {
        game.completeVerification(start.code(), robloxUserId);
        t.say("roblox", "(the game server entered " + start.code() + " for Roblox user " + robloxUserId + ")");
    }

    @Override
    public Outcome run(Transcript t, RequestCounter requests) {
        try (RobloxVerificationClient rpc = counted(requests).build()) {
            VerificationStart start = rpc.beginVerification();
            say(t, "began " + start.sessionId() + ": enter code " + start.code() + " in place " + start.placeId()
                    + " before " + start.expiresAt());
            show(start);
            VerificationStatus status = rpc.awaitVerification(start.sessionId());
            if (!(status instanceof VerificationStatus.Verified verified)) {
                say(t, "the session ended " + status);
                return new Outcome(false, "not verified: " + status);
            }
            say(t, "verified: " + verified.user().displayName() + " (@" + verified.user().username() + ", "
                    + verified.user().robloxUserId() + ")");
            AuthSession session = rpc.authSession(verified);
            say(t, "JWT valid until " + session.expiresAt() + "; refresh due at " + session.refreshAt());
            AuthSession refreshed = session.refresh();
            say(t, "refreshed: new JWT valid until " + refreshed.expiresAt());
            return new Outcome(true, "verified " + verified.user().username() + " and refreshed the JWT");
        }
    }
}
