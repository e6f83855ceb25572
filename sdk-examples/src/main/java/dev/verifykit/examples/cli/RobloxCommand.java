package dev.verifykit.examples.cli;

import dev.verifykit.examples.Json;
import dev.verifykit.examples.Progress;
import dev.verifykit.roblox.AuthSession;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.RpcTransformer;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code verifykit roblox begin|check|wait|complete|refresh}. */
@Command(name = "roblox", mixinStandardHelpOptions = true, description = "The Roblox code-verification RPC.",
        subcommands = {RobloxCommand.Begin.class, RobloxCommand.Check.class, RobloxCommand.Wait.class,
            RobloxCommand.Complete.class, RobloxCommand.Refresh.class})
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
    }

    private String baseUrl() {
        if (baseUrl == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--base-url' (or env ROBLOX_RPC_URL)");
        }
        return baseUrl;
    }

    RobloxVerificationClient client() {
        return RobloxVerificationClient.builder().baseUrl(baseUrl()).transformer(transformer).build();
    }

    static String describe(VerificationStatus status, boolean showJwt) {
        if (status instanceof VerificationStatus.Pending p) {
            return "pending: enter " + p.code() + " in the game before " + p.expiresAt();
        }
        if (status instanceof VerificationStatus.Verified v) {
            return "verified: " + v.user().displayName() + " (@" + v.user().username() + ", " + v.user().robloxUserId()
                    + ")\n  jwt " + (showJwt ? v.jwt() : "[hidden: --show-jwt]");
        }
        return "expired";
    }

    @Command(name = "begin", mixinStandardHelpOptions = true, description = "Begin a session and show its code.")
    static final class Begin implements Runnable {
        @ParentCommand
        RobloxCommand roblox;

        @Mixin
        Output output;

        @Override
        public void run() {
            try (RobloxVerificationClient client = roblox.client()) {
                VerificationStart start = client.beginVerification();
                output.print(Json.start(start), "session " + start.sessionId() + "\n  code " + start.code()
                        + " (enter it in place " + start.placeId() + ") before " + start.expiresAt());
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Check a session once.")
    static final class Check implements Runnable {
        @ParentCommand
        RobloxCommand roblox;

        @Mixin
        Output output;

        @Mixin
        JwtDisplay display;

        @Parameters(paramLabel = "SESSION_ID", description = "The session id (a UUID).")
        String sessionId;

        @Override
        public void run() {
            try (RobloxVerificationClient client = roblox.client()) {
                VerificationStatus status = client.checkVerification(sessionId);
                output.print(Json.status(status, display.showJwt), describe(status, display.showJwt));
            }
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true, description = "Wait until the session is verified or expired.")
    static final class Wait implements Runnable {
        @ParentCommand
        RobloxCommand roblox;

        @Mixin
        Output output;

        @Mixin
        JwtDisplay display;

        @Parameters(paramLabel = "SESSION_ID", description = "The session id (a UUID).")
        String sessionId;

        @Mixin
        WaitFlags wait;

        @Override
        public void run() {
            Progress progress = wait.progress("roblox " + sessionId);
            try (RobloxVerificationClient client = roblox.client()) {
                VerificationStatus status = client.awaitVerification(sessionId, wait.options(progress));
                progress.done();
                output.print(Json.status(status, display.showJwt), describe(status, display.showJwt));
            }
        }
    }

    @Command(name = "complete", mixinStandardHelpOptions = true,
            description = "Enter a code as the game server does (needs the verification secret).")
    static final class Complete implements Runnable {
        @ParentCommand
        RobloxCommand roblox;

        @Mixin
        Output output;

        @Option(names = "--code", required = true, description = "The code the player typed.")
        String code;

        @Option(names = "--user-id", required = true, description = "The player's Roblox user id.")
        String robloxUserId;

        @Option(names = "--secret", defaultValue = "${env:ROBLOX_VERIFICATION_SECRET}",
                description = "The shared secret (env ROBLOX_VERIFICATION_SECRET); required.")
        String secret;

        @Override
        public void run() {
            if (secret == null) {
                throw new ParameterException(output.spec.commandLine(),
                        "Missing required option: '--secret' (or env ROBLOX_VERIFICATION_SECRET)");
            }
            try (RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl(roblox.baseUrl())
                    .transformer(roblox.transformer).verificationSecret(secret).build()) {
                game.completeVerification(code, robloxUserId);
                output.print(Json.of("completed", true, "robloxUserId", robloxUserId),
                        "completed: the session of that code is verified as " + robloxUserId);
            }
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true, description = "Exchange a JWT for a fresh one.")
    static final class Refresh implements Runnable {
        @ParentCommand
        RobloxCommand roblox;

        @Mixin
        Output output;

        @Mixin
        JwtDisplay display;

        @Option(names = "--jwt", defaultValue = "${env:ROBLOX_JWT}", description = "The JWT (env ROBLOX_JWT); required.")
        String jwt;

        @Override
        public void run() {
            if (jwt == null) {
                throw new ParameterException(output.spec.commandLine(), "Missing required option: '--jwt' (or env ROBLOX_JWT)");
            }
            try (RobloxVerificationClient client = roblox.client()) {
                AuthSession session = client.refresh(jwt);
                output.print(Json.auth(session, display.showJwt), "refreshed: valid until " + session.expiresAt()
                        + " for " + session.user().username() + "\n  jwt "
                        + (display.showJwt ? session.jwt() : "[hidden: --show-jwt]"));
            }
        }
    }
}
