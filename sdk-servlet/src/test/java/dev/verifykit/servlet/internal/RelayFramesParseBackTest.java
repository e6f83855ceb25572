package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.LinkResult;
import dev.verifykit.error.ApiError;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.json.OpenEnum;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relay's frames read back as a browser reads them: by the WHATWG HTML standard's
 * "Interpreting an event stream" (9.2.6), implemented here apart from the relay's writer. Every
 * value a session carries (a line feed, a carriage return, a CR LF, text that looks like fields)
 * comes back as it was, in one event of its own, and nothing else is dispatched.
 */
class RelayFramesParseBackTest {
    /** One dispatched event: its type (default {@code message}), data and the last event ID then. */
    record Event(String type, String data, String lastEventId) {}

    /** The standard's parser: UTF-8 decoding, one leading BOM, CR / LF / CR LF, fields, dispatch. */
    static List<Event> parse(byte[] stream) {
        String text = new String(stream, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Event> events = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        String type = "";
        String lastEventIdBuffer = "";
        int i = 0;
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            if (end == text.length()) {
                break; // an unterminated last line: discarded, as the event it belongs to
            }
            String line = text.substring(i, end);
            i = text.charAt(end) == '\r' && end + 1 < text.length() && text.charAt(end + 1) == '\n' ? end + 2 : end + 1;
            if (line.isEmpty()) {
                if (data.length() == 0) {
                    type = "";
                    continue;
                }
                String value = data.charAt(data.length() - 1) == '\n' ? data.substring(0, data.length() - 1) : data.toString();
                events.add(new Event(type.isEmpty() ? "message" : type, value, lastEventIdBuffer));
                data.setLength(0);
                type = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "data" -> data.append(value).append('\n');
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastEventIdBuffer = value;
                    }
                }
                default -> {
                    // retry and unknown fields: nothing the data carries
                }
            }
        }
        return events;
    }

    private static DockSession session(String clientId, String statusReason, Map<String, Object> extra) {
        return DockSession.builder().id("vsn_A1b2C3d4E5f6G7h8J9k0L1").pid("PID-ABC12345").clientId(clientId)
                .status(OpenEnum.of(DockSessionStatus.class, "pending")).statusReason(java.util.Optional.ofNullable(statusReason))
                .expiresAt(Instant.parse("2026-01-01T00:05:00Z")).verifyUrl("https://example.test/verify")
                .additionalProperties(extra).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String data) throws IOException {
        return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\r\nb", "a\n\nevent: relay-error\nid: e-closed\ndata: {}\n\nz",
            "\rdata: x\r\r", "\u2028\u2029\u0085", "nul\u0000x", "\uFEFFbom", "tab\tend", "é😀用"})
    void aSessionsTextComesBackAsItWasInOneEvent(String value) throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("name\nid: 1\n", value);
        DockSession session = session(value, value, extra);

        SessionFrames.Frame frame = SessionFrames.session(session);
        byte[] stream = concat(SessionFrames.retry(Duration.ofSeconds(3)), SessionFrames.KEEP_ALIVE, frame.bytes());

        List<Event> events = parse(stream);
        assertThat(events).hasSize(1);
        Event event = events.get(0);
        assertThat(event.type()).isEqualTo("session");
        assertThat(event.lastEventId()).isEqualTo(frame.id());
        Map<String, Object> read = json(event.data());
        assertThat(read.get("clientId")).isEqualTo(value);
        assertThat(read.get("statusReason")).isEqualTo(value);
        assertThat(read.get("name\nid: 1\n")).isEqualTo(value);
        assertThat(read.get("status")).isEqualTo("pending");
    }

    @Test
    void aRelayErrorAfterAStateComesBackWithItsIdAndCode() throws IOException {
        SessionFrames.Frame state = SessionFrames.session(session("user_1", null, Map.of()));
        SessionFrames.Frame error = SessionFrames.error(new TransportException(Service.DOCK, "down", null, null), state.id());
        SessionFrames.Frame lasting = SessionFrames.error(new PollCapException(Service.DOCK, 60, 60));

        List<Event> events = parse(concat(state.bytes(), error.bytes(), lasting.bytes()));

        assertThat(events).extracting(Event::type).containsExactly("session", "relay-error", "relay-error");
        assertThat(events.get(1).lastEventId()).isEqualTo("e-unavailable." + state.id());
        assertThat(json(events.get(1).data())).containsEntry("error", "unavailable");
        assertThat(events.get(2).lastEventId()).isEqualTo("e-poll_cap");
        assertThat(SessionFrames.lastStateSeen(events.get(1).lastEventId())).isEqualTo(state.id());
    }

    /**
     * A completed session's link result comes back as Dock sent it, its time and unknown fields included;
     * {@code reusedExisting} (a create's answer only) is sent only when true.
     */
    @Test
    void aResultComesBackWithItsUnknownFieldsAndReusedExistingOnlyWhenTrue() throws IOException {
        DockSession completed = session("user_1", null, Map.of()).toBuilder()
                .status(OpenEnum.of(DockSessionStatus.class, "completed"))
                .result(LinkResult.builder().discordId("123456789012345678").robloxId("156319135")
                        .verifiedAt(Instant.parse("2026-01-01T00:01:12Z")).linkChanged(false).linkVersion(1)
                        .linkHash("sha256-" + "0".repeat(64)).additionalProperties(Map.of("tier", "gold")).build())
                .build();

        Map<String, Object> read = json(parse(SessionFrames.session(completed).bytes()).get(0).data());

        assertThat(read).doesNotContainKey("reusedExisting");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) read.get("result");
        assertThat(result).containsEntry("verifiedAt", "2026-01-01T00:01:12.000Z")
                .containsEntry("tier", "gold").containsEntry("robloxId", "156319135");
        Map<String, Object> reused = json(parse(SessionFrames.session(completed.toBuilder().reusedExisting(true).build())
                .bytes()).get(0).data());
        assertThat(reused).containsEntry("reusedExisting", true);
    }

    /** Each relay-error code README's relay section names, by the failure that ended the upstream. */
    @Test
    void eachFailureIsToldByItsDocumentedCode() throws IOException {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        failures.put("not_found", new NotFoundException(ApiError.of(Service.DOCK, 404, "SESSION_NOT_FOUND", null)));
        failures.put("timeout", new WaitTimeoutException(Service.DOCK, "late", 3, null));
        failures.put("refused", new AuthenticationException(ApiError.of(Service.DOCK, 401, null, null)));
        failures.put("closed", new ClientClosedException(Service.DOCK, "stream"));
        for (Map.Entry<String, Throwable> failure : failures.entrySet()) {
            Event told = parse(SessionFrames.error(failure.getValue()).bytes()).get(0);
            assertThat(told.type()).isEqualTo("relay-error");
            assertThat(json(told.data())).as(failure.getKey()).containsEntry("error", failure.getKey());
            assertThat(told.lastEventId()).isEqualTo("e-" + failure.getKey());
        }
        Event forbidden = parse(SessionFrames.error(new PermissionException(ApiError.of(Service.DOCK, 403, null, null))).bytes()).get(0);
        assertThat(json(forbidden.data())).containsEntry("error", "refused");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
