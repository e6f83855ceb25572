package dev.verifykit.mock.internal.fault;

import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.internal.settings.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The compact rule syntax of {@code --fault} and {@code POST /_mock/faults}:
 * {@code METHOD PATH KIND [name=value …]}; values may be quoted with {@code '…'} or {@code "…"}
 * (a doubled quote inside stands for one).
 */
public final class FaultSyntax {

    private static final Set<String> COMMON = Set.of("times", "for");

    /** A parsed rule, not yet added. */
    public record Spec(String method, Glob path, MockFault fault, Integer times, Duration lasting) {
    }

    private FaultSyntax() {
    }

    public static Spec parse(String text) {
        List<String> tokens = tokens(text == null ? "" : text);
        if (tokens.size() < 3) {
            throw new IllegalArgumentException("a fault rule is METHOD PATH KIND [option=value …], got '"
                    + (text == null ? "" : text.trim()) + "'");
        }
        List<String[]> options = new ArrayList<>();
        for (String token : tokens.subList(3, tokens.size())) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("fault option '" + token + "' is not name=value");
            }
            options.add(new String[] {token.substring(0, eq).toLowerCase(Locale.ROOT), token.substring(eq + 1)});
        }
        return build(tokens.get(0), tokens.get(1), tokens.get(2), options);
    }

    /** Builds a rule from its parts; {@code options} are name/value pairs (a name may repeat: {@code header}). */
    public static Spec build(String method, String path, String kindLabel, List<String[]> options) {
        String m = method == null ? "" : method.trim().toUpperCase(Locale.ROOT);
        if (!m.equals("*") && !m.matches("[A-Z]+")) {
            throw new IllegalArgumentException("a fault rule's method is an HTTP method or *, got '" + method + "'");
        }
        Glob glob = Glob.of(path);
        MockFault.Kind kind = MockFault.Kind.of(kindLabel == null ? "" : kindLabel);
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String[] o : options) {
            if (o[0].equals("header")) {
                int colon = o[1].indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("header=" + o[1] + " is not Name:value");
                }
                headers.put(o[1].substring(0, colon).trim(), o[1].substring(colon + 1).trim());
            } else if (single.put(o[0], o[1]) != null) {
                throw new IllegalArgumentException("fault option " + o[0] + " given twice");
            }
        }
        Integer times = single.containsKey("times") ? count("times", single.get("times"), 1) : null;
        Duration lasting = single.containsKey("for") ? positive("for", single.get("for")) : null;
        if (!headers.isEmpty() && kind != MockFault.Kind.RESPOND) {
            throw new IllegalArgumentException("header= is an option of respond only");
        }
        Set<String> allowed = switch (kind) {
            case RESET_BEFORE_RESPONSE -> Set.of("processed");
            case TRUNCATE_BODY -> Set.of("keep");
            case DELAY_HEAD, WEBHOOK_DELAY -> Set.of("delay");
            case THROTTLE_BODY -> Set.of("bytes", "period");
            case RESPOND -> Set.of("status", "body");
            case DROP_STREAM, STALL_STREAM -> Set.of("events");
            default -> Set.of();
        };
        for (String name : single.keySet()) {
            if (!COMMON.contains(name) && !allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + "= for " + kind.label()
                        + (allowed.isEmpty() ? " (it takes only times= and for=)" : " (it takes " + String.join(", ", allowed) + ", times, for)"));
            }
        }
        MockFault fault = switch (kind) {
            case RESET_BEFORE_RESPONSE -> MockFault.resetBeforeResponse(bool("processed", single.getOrDefault("processed", "false")));
            case RESET_MID_BODY -> MockFault.resetMidBody();
            case TRUNCATE_BODY -> single.containsKey("keep") ? MockFault.truncateBody(count("keep", single.get("keep"), 0))
                    : MockFault.truncateBody();
            case DELAY_HEAD -> MockFault.delayHead(positive("delay", required(single, "delay", kind)));
            case THROTTLE_BODY -> MockFault.throttleBody(count("bytes", required(single, "bytes", kind), 1),
                    single.containsKey("period") ? positive("period", single.get("period")) : Duration.ofSeconds(1));
            case RESPOND -> {
                MockFault f = MockFault.respond(count("status", required(single, "status", kind), 100));
                if (single.containsKey("body")) {
                    f = f.withBody(single.get("body"));
                }
                for (Map.Entry<String, String> h : headers.entrySet()) {
                    f = f.withHeader(h.getKey(), h.getValue());
                }
                yield f;
            }
            case DROP_STREAM -> MockFault.dropStreamAfter(count("events", single.getOrDefault("events", "1"), 0));
            case STALL_STREAM -> MockFault.stallStreamAfter(count("events", single.getOrDefault("events", "1"), 0));
            case WEBHOOK_FAIL -> MockFault.webhookFail();
            case WEBHOOK_DROP -> MockFault.webhookDrop();
            case WEBHOOK_DELAY -> MockFault.webhookDelay(positive("delay", required(single, "delay", kind)));
            case WEBHOOK_DUPLICATE -> MockFault.webhookDuplicate();
        };
        return new Spec(m, glob, fault, times, lasting);
    }

    private static String required(Map<String, String> options, String name, MockFault.Kind kind) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(kind.label() + " needs " + name + "=");
        }
        return value;
    }

    private static int count(String name, String text, int min) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "= expects a whole number of at least " + min + ", got '" + text + "'");
    }

    private static Duration positive(String name, String text) {
        Duration d = Durations.parse(name + "=", text);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + "= must be a positive duration, got '" + text + "'");
        }
        return d;
    }

    private static boolean bool(String name, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + "= expects true or false, got '" + text + "'");
        };
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                        current.append(c);
                        i++;
                    } else {
                        quote = 0;
                    }
                } else {
                    current.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (current != null) {
                    out.add(current.toString());
                    current = null;
                }
            } else {
                if (current == null) {
                    current = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else {
                    current.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote in fault rule '" + text.trim() + "'");
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }
}
