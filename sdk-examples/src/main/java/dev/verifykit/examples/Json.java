package dev.verifykit.examples;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.roblox.AuthSession;
import dev.verifykit.roblox.RobloxUser;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** The CLI's {@code --json} output: one object per line, built from the SDK's results. */
public final class Json {
    private static final JsonAdapter<Object> WRITER = new Moshi.Builder().build().adapter(Object.class);

    private Json() {}

    public static String write(Map<String, Object> value) {
        return WRITER.toJson(value);
    }

    public static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                map.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return map;
    }

    public static Map<String, Object> dock(DockSession s) {
        Map<String, Object> map = of("id", s.id(), "pid", s.pid(), "clientId", s.clientId(),
                "guildId", s.guildId().orElse(null), "status", s.status().raw(), "statusReason", s.statusReason().orElse(null),
                "expiresAt", s.expiresAt().toString(), "verifyUrl", s.verifyUrl(), "reusedExisting", s.reusedExisting());
        s.result().ifPresent(link -> map.put("result", of("discordId", link.discordId(), "robloxId", link.robloxId(),
                "verifiedAt", link.verifiedAt() == null ? null : link.verifiedAt().toString(),
                "linkChanged", link.linkChanged(), "previousRobloxId", link.previousRobloxId().orElse(null),
                "linkVersion", link.linkVersion(), "linkHash", link.linkHash())));
        return map;
    }

    public static Map<String, Object> start(VerificationStart s) {
        return of("sessionId", s.sessionId(), "code", s.code(), "expiresAt", s.expiresAt().toString(),
                "placeId", s.placeId());
    }

    /** A status; the JWT is included only when {@code showJwt}, since it is a credential. */
    public static Map<String, Object> status(VerificationStatus status, boolean showJwt) {
        if (status instanceof VerificationStatus.Pending p) {
            return of("status", "pending", "code", p.code(), "expiresAt", p.expiresAt().toString());
        }
        if (status instanceof VerificationStatus.Verified v) {
            return of("status", "verified", "jwt", showJwt ? v.jwt() : "[REDACTED]", "user", user(v.user()));
        }
        return of("status", "expired");
    }

    public static Map<String, Object> auth(AuthSession s, boolean showJwt) {
        return of("jwt", showJwt ? s.jwt() : "[REDACTED]", "expiresAt", s.expiresAt().toString(), "user", user(s.user()));
    }

    public static Map<String, Object> user(RobloxUser u) {
        return of("robloxUserId", u.robloxUserId(), "username", u.username(), "displayName", u.displayName(),
                "picture", u.picture());
    }

    public static Map<String, Object> kyc(KycSession s) {
        Map<String, Object> map = of("id", s.id(), "url", s.url().orElse(null), "status", s.status().raw(),
                "type", s.type().orElse(null), "createdAt", s.createdAt().map(Object::toString).orElse(null),
                "expiresAt", s.expiresAt().map(Object::toString).orElse(null));
        s.faceMatch().ifPresent(f -> map.put("faceMatch", of("matched", f.matched(), "score", f.score(),
                "threshold", f.threshold())));
        s.liveness().ifPresent(l -> map.put("liveness", of("passed", l.passed(), "score", l.score(),
                "checks", new LinkedHashMap<>(l.checks()))));
        s.identity().ifPresent(i -> map.put("identity", of("name", i.name().orElse(null),
                "idNumber", i.idNumber().orElse(null))));
        return map;
    }
}
