package dev.verifykit.examples.cli;

import dev.verifykit.examples.Json;
import dev.verifykit.roblox.AuthSession;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.RpcTransformer;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code verifykit roblox begin|check|wait|complete|refresh}. */
@Command(name = "roblox", description = "The Roblox code-verification RPC.")
public final class RobloxCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--base-url", scope = ScopeType.INHERIT, defaultValue = "${env:ROBLOX_RPC_URL}",
            description = "The RPC's base URL (env ROBLOX_RPC_URL); required: the server's root, where it serves "
                    + "its procedures, e.g.%nhttps://rpc.example.com%n"
                    + "A deployment that mounts tRPC under a prefix takes the prefix, e.g.%nhttps://rpc.example.com/trpc")
    String baseUrl;

    @Option(names = "--transformer", scope = ScopeType.INHERIT, defaultValue = "NONE",
            description = "The server's tRPC transformer: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    RpcTransformer transformer;

    /** {@code --show-jwt}, on the commands that print a JWT. */
    static final class JwtDisplay {
        @Option(names = "--show-jwt", description = "Print JWTs in full (they are credentials: hidden by default).")
        boolean showJwt;

        String jwt(String jwt) {
            return showJwt ? jwt : "[hidden: --show-jwt]";
        }
    }

    @Command(name = "begin", description = "Begin a session and show its code.")
    void begin(@Mixin Output output) {
        try (RobloxVerificationClient client = client()) {
            VerificationStart start = client.beginVerification();
            output.print(Json.start(start), "session " + Output.printable(start.sessionId()) + "\n  code "
                    + Output.printable(start.code()) + " (enter it in place " + Output.printable(start.placeId())
                    + ") before " + start.expiresAt());
        }
    }

    @Command(name = "check", description = "Check a session once.")
    void check(@Mixin Output output, @Mixin JwtDisplay display,
            @Parameters(paramLabel = "SESSION_ID", description = "The session id (a UUID).") String id) {
        try (RobloxVerificationClient client = client()) {
            show(output, display, client.checkVerification(id));
        }
    }

    @Command(name = "wait", description = "Wait until the session is verified or expired.")
    void await(@Mixin Output output, @Mixin JwtDisplay display, @Mixin WaitFlags wait,
            @Parameters(paramLabel = "SESSION_ID", description = "The session id (a UUID).") String id) {
        try (RobloxVerificationClient client = client()) {
            show(output, display, wait.await("roblox " + id, options -> client.awaitVerification(id, options)));
        }
    }

    @Command(name = "complete", description = "Enter a code as the game server does (needs the verification secret).")
    void complete(@Mixin Output output,
            @Option(names = "--code", required = true, description = "The code the player typed.") String code,
            @Option(names = "--user-id", required = true, description = "The player's Roblox user id.") String robloxUserId,
            @Option(names = "--secret", defaultValue = "${env:ROBLOX_VERIFICATION_SECRET}",
                    description = "The shared secret (env ROBLOX_VERIFICATION_SECRET, better: a flag shows in process listings); required.") String secret) {
        String verificationSecret = Flags.required(spec, secret, "verification secret", "--secret",
                "ROBLOX_VERIFICATION_SECRET");
        try (RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl(baseUrl())
                .transformer(transformer).verificationSecret(verificationSecret).build()) {
            game.completeVerification(code, robloxUserId);
            // the server verifies Roblox's id, without the leading zeros it accepted (checked digits by now)
            String verifiedId = robloxUserId.replaceFirst("^0+(?=\\d)", "");
            output.print(Json.of("completed", true, "robloxUserId", verifiedId),
                    "completed: the session of that code is verified as " + verifiedId);
        }
    }

    @Command(name = "refresh", description = "Exchange a JWT for a fresh one.")
    void refresh(@Mixin Output output, @Mixin JwtDisplay display,
            @Option(names = "--jwt", defaultValue = "${env:ROBLOX_JWT}", description = "The JWT (env ROBLOX_JWT, better: a flag shows in process listings); required.")
                    String jwt) {
        String given = Flags.required(spec, jwt, "JWT", "--jwt", "ROBLOX_JWT");
        try (RobloxVerificationClient client = client()) {
            AuthSession session = client.refresh(given);
            output.print(Json.auth(session, display.showJwt), "refreshed: valid until " + session.expiresAt()
                    + " for " + Output.printable(session.user().username()) + "\n  jwt " + display.jwt(session.jwt()));
        }
    }

    private String baseUrl() {
        return Flags.required(spec, baseUrl, "base URL", "--base-url", "ROBLOX_RPC_URL");
    }

    private RobloxVerificationClient client() {
        return RobloxVerificationClient.builder().baseUrl(baseUrl()).transformer(transformer).build();
    }

    private static void show(Output output, JwtDisplay display, VerificationStatus status) {
        output.print(Json.status(status, display.showJwt), describe(status, display));
    }

    private static String describe(VerificationStatus status, JwtDisplay display) {
        if (status instanceof VerificationStatus.Pending p) {
            return "pending: enter " + Output.printable(p.code()) + " in the game before " + p.expiresAt();
        }
        if (status instanceof VerificationStatus.Verified v) {
            return "verified: " + Output.printable(v.user().displayName()) + " (@" + Output.printable(v.user().username())
                    + ", " + Output.printable(v.user().robloxUserId()) + ")\n  jwt " + display.jwt(v.jwt());
        }
        return "expired";
    }
}
