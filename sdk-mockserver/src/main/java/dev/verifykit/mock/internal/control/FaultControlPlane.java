package dev.verifykit.mock.internal.control;

import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockFaultRule;
import dev.verifykit.mock.MockJournal;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Routes;
import dev.verifykit.mock.internal.Timestamps;
import dev.verifykit.mock.internal.fault.FaultRules;
import dev.verifykit.mock.internal.fault.FaultSyntax;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /faults} (list, add, read, remove, clear fault rules) and {@code /journal} (query and
 * clear the request journal) of the control plane.
 *
 * @param faults the fault rules
 * @param journal the request journal
 */
record FaultControlPlane(FaultRules faults, MockJournal journal) implements ControlPlane.ControlRoutes {

    @Override
    public void addTo(Routes<HttpCall> routes) {
        routes.on("GET", "/journal", (call, segments) -> queryJournal(call))
                .on("DELETE", "/journal", (call, segments) -> ControlPlane.ok(Json.object("removed", journal.clear())))
                .on("GET", "/faults", (call, segments) -> ControlPlane.ok(Json.object("rules",
                        faults.rules().stream().map(FaultControlPlane::rule).toList())))
                .on("POST", "/faults", (call, segments) -> add(call))
                .on("DELETE", "/faults", (call, segments) -> ControlPlane.ok(Json.object("removed", faults.clear())))
                .on("GET", "/faults/{id}", (call, segments) -> rule(faults.rule(segments.get(0)), segments.get(0)))
                .on("DELETE", "/faults/{id}", (call, segments) -> rule(faults.remove(segments.get(0)), segments.get(0)));
    }

    private static Reply rule(Optional<MockFaultRule> found, String id) {
        return found.map(r -> ControlPlane.ok(rule(r)))
                .orElseGet(() -> Reply.error(404, "RULE_NOT_FOUND", "No fault rule " + id));
    }

    private Reply add(HttpCall call) {
        Map<?, ?> body = Json.parseObject(call.bodyText()).orElse(null);
        if (body == null) {
            return Reply.error(400, "INVALID_BODY",
                    "Body must be a JSON object: {\"rule\":\"METHOD PATH KIND …\"} or {\"method\",\"path\",\"fault\",…}");
        }
        try {
            FaultSyntax.Spec spec;
            if (body.containsKey("rule")) {
                if (body.size() != 1 || !(body.get("rule") instanceof String text)) {
                    throw new IllegalArgumentException("\"rule\" must be a string and the only field");
                }
                spec = FaultSyntax.parse(text);
            } else {
                spec = FaultSyntax.build(string(body, "method"), string(body, "path"), string(body, "fault"),
                        options(body));
            }
            return Reply.json(201, Json.write(rule(faults.add(spec))));
        } catch (IllegalArgumentException e) {
            return ControlPlane.invalid(e.getMessage());
        }
    }

    private static List<String[]> options(Map<?, ?> body) {
        List<String[]> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : body.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (name.equals("method") || name.equals("path") || name.equals("fault")) {
                continue;
            }
            Object value = e.getValue();
            if (name.equals("headers")) {
                if (!(value instanceof Map<?, ?> headers)) {
                    throw new IllegalArgumentException("headers must be an object of strings");
                }
                for (Map.Entry<?, ?> h : headers.entrySet()) {
                    if (!(h.getValue() instanceof String || h.getValue() instanceof Number)) {
                        throw new IllegalArgumentException("headers must be an object of strings");
                    }
                    out.add(new String[] {"header", h.getKey() + ":" + scalar(h.getValue())});
                }
            } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                out.add(new String[] {name, scalar(value)});
            } else {
                throw new IllegalArgumentException(name + " must be a string, number or boolean");
            }
        }
        return out;
    }

    private static String scalar(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    private static String string(Map<?, ?> body, String field) {
        Object value = body.get(field);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(field + " is required and must be a string");
        }
        return text;
    }

    private Reply queryJournal(HttpCall call) {
        MockJournalQuery query = MockJournalQuery.all();
        try {
            for (String name : call.url().queryParameterNames()) {
                String value = call.query(name);
                if (value == null) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                query = switch (name) {
                    case "service" -> query.service(value);
                    case "method" -> query.method(value);
                    case "path" -> query.path(value);
                    case "status" -> query.status(number(name, value, -1, 599)); // the query refuses what no answer has
                    case "since" -> query.since(instant(value));
                    case "faulted" -> query.faulted(bool(value));
                    case "limit" -> query.limit(number(name, value, 0, Integer.MAX_VALUE));
                    default -> throw new IllegalArgumentException("unknown filter " + name
                            + " (use service, method, path, status, since, faulted, limit)");
                };
            }
            return ControlPlane.ok(Json.object("entries", journal.find(query).stream().map(FaultControlPlane::entry).toList()));
        } catch (IllegalArgumentException e) {
            return ControlPlane.invalid(e.getMessage());
        }
    }

    private static int number(String name, String text, int min, int max) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ": " + text);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be an ISO-8601 instant like 2026-05-07T00:00:00Z: " + text);
        }
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("faulted must be true or false: " + text);
        };
    }

    private static Map<String, Object> rule(MockFaultRule r) {
        return Json.object("id", r.id(), "method", r.method(), "path", r.path(), "fault", fault(r.fault()),
                "times", r.times(), "remaining", r.remaining(), "expiresAt", Timestamps.format(r.expiresAt()),
                "applied", r.applied(), "active", r.active(Instant.now()), "spec", r.spec());
    }

    private static Map<String, Object> fault(MockFault f) {
        Map<String, Object> out = Json.object("kind", f.kind(), "processed", f.processed());
        if (f instanceof MockFault.TruncateBody t) {
            out.put("keep", t.keep());
        } else if (f instanceof MockFault.DelayHead d) {
            out.put("delayMillis", d.delay().toMillis());
        } else if (f instanceof MockFault.WebhookDelay d) {
            out.put("delayMillis", d.delay().toMillis());
        } else if (f instanceof MockFault.ThrottleBody t) {
            out.putAll(Json.object("bytes", t.bytes(), "periodMillis", t.period().toMillis()));
        } else if (f instanceof MockFault.Respond r) {
            out.putAll(Json.object("status", r.status(), "headers", r.headers(), "body", r.body()));
        } else if (f instanceof MockFault.Stream st) {
            out.put("events", st.events());
        }
        return out;
    }

    private static Map<String, Object> entry(MockJournalEntry e) {
        return Json.object("sequence", e.sequence(), "receivedAt", Timestamps.format(e.receivedAt()),
                "service", e.service(), "method", e.method(), "path", e.path(), "query", e.query(),
                "headers", e.headers(), "body", e.body(), "bodySize", e.bodySize(), "bodyTruncated", e.bodyTruncated(),
                "status", e.status(), "faultRule", e.faultRule(), "fault", e.fault());
    }
}
