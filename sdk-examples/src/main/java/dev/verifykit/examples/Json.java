package dev.verifykit.examples;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.roblox.AuthSession;
import dev.verifykit.roblox.RobloxUser;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import okio.BufferedSink;

/** The CLI's {@code --json} output: one object per line, built from the SDK's results. */
public final class Json {
    private static final JsonAdapter<Object> WRITER = new Moshi.Builder().add(String.class, new Strings())
            .add(Map.class, new Objects()).build().adapter(Object.class);

    /**
     * Strings as Moshi writes them, but one holding a character {@link #printable} escapes written
     * with that character as a JSON escape: Moshi escapes only the C0 controls and the line and
     * paragraph separators (a server's C1 control, DEL or bidirectional override reached the
     * terminal raw), and writes through okio's UTF-8 encoder, which writes a lone surrogate as
     * {@code '?'} (the value altered, not escaped).
     */
    private static final class Strings extends JsonAdapter<String> {
        @Override
        public String fromJson(JsonReader reader) throws IOException {
            return reader.nextString();
        }

        @Override
        public void toJson(JsonWriter writer, String value) throws IOException {
            if (value == null || value.codePoints().allMatch(Json::shows)) {
                writer.value(value);
                return;
            }
            try (BufferedSink sink = writer.valueSink()) {
                sink.writeUtf8(quote(new StringBuilder(value.length() + 8), value).toString());
            }
        }
    }

    /**
     * Objects written whole through the value's sink, each member's name quoted as {@link Strings}
     * quotes a value: Moshi writes a name itself, through okio's UTF-8 encoder, which writes a lone
     * surrogate as {@code '?'} (a liveness check a server named was altered, not escaped). A member
     * whose value is {@code null} is left out, as Moshi leaves it out.
     */
    @SuppressWarnings("rawtypes")
    private static final class Objects extends JsonAdapter<Map> {
        @Override
        public Map fromJson(JsonReader reader) {
            throw new UnsupportedOperationException("the CLI writes JSON only");
        }

        @Override
        public void toJson(JsonWriter writer, Map value) throws IOException {
            if (value == null) {
                writer.nullValue();
                return;
            }
            StringBuilder json = new StringBuilder("{");
            for (Object member : value.entrySet()) {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) member;
                if (entry.getValue() == null) {
                    continue;
                }
                if (json.length() > 1) {
                    json.append(',');
                }
                quote(json, String.valueOf(entry.getKey())).append(':').append(WRITER.toJson(entry.getValue()));
            }
            try (BufferedSink sink = writer.valueSink()) {
                sink.writeUtf8(json.append('}').toString());
            }
        }
    }

    /** {@code value} as a JSON string, each character {@link #printable} escapes written as a JSON escape. */
    private static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        value.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else {
                append(out, c);
            }
        });
        return out.append('"');
    }

    private Json() {}

    /**
     * The value as one line of JSON, with each character {@link #printable} escapes written as a
     * JSON escape ({@link Strings}, and {@link Objects} for the members' names); a parser reads
     * back the same value.
     */
    public static String write(Map<String, Object> value) {
        return WRITER.toJson(value);
    }

    /**
     * A value a server sent, fit for a terminal: each character a terminal would act on (the C0 and
     * C1 controls, ESC and line breaks among them, and DEL), the line and paragraph separators, the
     * bidirectional controls (the marks U+061C, U+200E, U+200F, the embeddings and overrides U+202A to
     * U+202E, the isolates U+2066 to U+2069) and a
     * lone surrogate written as a visible <code>&#92;uXXXX</code>, as the SDK writes them in the
     * server text it quotes: the server can neither drive the terminal (move the cursor, clear the
     * screen, set the clipboard) nor forge a line of the output. In JSON, the same text is a JSON
     * escape of the character.
     */
    public static String printable(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> append(out, c));
        return out.toString();
    }

    /** {@code c}, or, when a terminal must not get it, <code>&#92;uXXXX</code> (a lone surrogate is one char). */
    private static void append(StringBuilder out, int c) {
        if (shows(c)) {
            out.appendCodePoint(c);
        } else {
            out.append(String.format(Locale.ROOT, "\\u%04X", c));
        }
    }

    private static boolean shows(int c) {
        int type = Character.getType(c);
        return !Character.isISOControl(c) && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SURROGATE && c != 0x061C && c != 0x200E && c != 0x200F
                && !(c >= 0x202A && c <= 0x202E) && !(c >= 0x2066 && c <= 0x2069);
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
