package dev.verifykit.mock.internal.control;

import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockFaultRule;
import dev.verifykit.mock.MockJournal;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Timestamps;
import dev.verifykit.mock.internal.fault.FaultRules;
import dev.verifykit.mock.internal.fault.FaultSyntax;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /faults} (list, add, read, remove, clear fault rules) and {@code /journal} (query and
 * clear the request journal) of the control plane.
 */
final class FaultControlPlane {

    private final FaultRules faults;
    private final MockJournal journal;

    FaultControlPlane(FaultRules faults, MockJournal journal) {
        this.faults = faults;
        this.journal = journal;
    }

    Reply handle(HttpCall call, String path) {
        String method = call.method();
        if (path.equals("/journal")) {
            return switch (method) {
                case "GET" -> queryJournal(call);
                case "DELETE" -> Reply.json(200, Json.write(Map.of("removed", journal.clear())));
                default -> notAllowed("GET, DELETE");
            };
        }
        if (path.equals("/faults")) {
            return switch (method) {
                case "GET" -> Reply.json(200, Json.write(Map.of("rules", faults.rules().stream()
                        .map(FaultControlPlane::rule).toList())));
                case "POST" -> add(call);
                case "DELETE" -> Reply.json(200, Json.write(Map.of("removed", faults.clear())));
                default -> notAllowed("GET, POST, DELETE");
            };
        }
        String id = path.substring("/faults/".length());
        if (id.isEmpty() || id.contains("/")) {
            return ControlPlane.error(404, "NOT_FOUND", "No control-plane endpoint at " + method + " /_mock" + path);
        }
        Optional<MockFaultRule> found = switch (method) {
            case "GET" -> faults.rule(id);
            case "DELETE" -> faults.remove(id);
            default -> null;
        };
        if (found == null) {
            return notAllowed("GET, DELETE");
        }
        return found.map(r -> Reply.json(200, Json.write(rule(r))))
                .orElseGet(() -> ControlPlane.error(404, "RULE_NOT_FOUND", "No fault rule " + id));
    }

    private Reply add(HttpCall call) {
        Object parsed = Json.parse(call.bodyText()).orElse(null);
        if (!(parsed instanceof Map<?, ?> body)) {
            return ControlPlane.error(400, "INVALID_BODY",
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
            return ControlPlane.error(400, "INVALID_PARAMETER", e.getMessage());
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
                    case "status" -> query.status(number(name, value, 0, 599));
                    case "since" -> query.since(instant(value));
                    case "faulted" -> query.faulted(bool(value));
                    case "limit" -> query.limit(number(name, value, 0, Integer.MAX_VALUE));
                    default -> throw new IllegalArgumentException("unknown filter " + name
                            + " (use service, method, path, status, since, faulted, limit)");
                };
            }
            List<Object> out = new ArrayList<>();
            for (MockJournalEntry e : journal.find(query)) {
                out.add(entry(e));
            }
            return Reply.json(200, Json.write(Map.of("entries", out)));
        } catch (IllegalArgumentException e) {
            return ControlPlane.error(400, "INVALID_PARAMETER", e.getMessage());
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

    static Map<String, Object> rule(MockFaultRule r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("method", r.method());
        out.put("path", r.path());
        out.put("fault", fault(r.fault()));
        out.put("times", r.times());
        out.put("remaining", r.remaining());
        out.put("expiresAt", r.expiresAt() == null ? null : Timestamps.format(r.expiresAt()));
        out.put("applied", r.applied());
        out.put("active", r.active(Instant.now()));
        out.put("spec", r.spec());
        return out;
    }

    private static Map<String, Object> fault(MockFault f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", f.kind());
        out.put("processed", f.processed());
        if (f instanceof MockFault.TruncateBody t) {
            out.put("keep", t.keep());
        } else if (f instanceof MockFault.DelayHead d) {
            out.put("delayMillis", d.delay().toMillis());
        } else if (f instanceof MockFault.WebhookDelay d) {
            out.put("delayMillis", d.delay().toMillis());
        } else if (f instanceof MockFault.ThrottleBody t) {
            out.put("bytes", t.bytes());
            out.put("periodMillis", t.period().toMillis());
        } else if (f instanceof MockFault.Respond r) {
            out.put("status", r.status());
            out.put("headers", r.headers());
            out.put("body", r.body());
        } else if (f instanceof MockFault.Stream st) {
            out.put("events", st.events());
        }
        return out;
    }

    private static Map<String, Object> entry(MockJournalEntry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sequence", e.sequence());
        out.put("receivedAt", Timestamps.format(e.receivedAt()));
        out.put("service", e.service());
        out.put("method", e.method());
        out.put("path", e.path());
        out.put("query", e.query());
        out.put("headers", e.headers());
        out.put("body", e.body());
        out.put("bodySize", e.bodySize());
        out.put("bodyTruncated", e.bodyTruncated());
        out.put("status", e.status());
        out.put("faultRule", e.faultRule());
        out.put("fault", e.fault());
        return out;
    }

    private static Reply notAllowed(String allow) {
        return ControlPlane.error(405, "METHOD_NOT_ALLOWED", "Use " + allow + " here").header("Allow", allow);
    }
}
