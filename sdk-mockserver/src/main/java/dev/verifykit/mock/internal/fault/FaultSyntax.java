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
    /** Each kind's own options, in the order {@code --help} and error messages list them. */
    private static final Map<String, List<String>> OPTIONS = Map.ofEntries(
            Map.entry("reset-before-response", List.of("processed")),
            Map.entry("reset-mid-body", List.of()),
            Map.entry("truncate-body", List.of("keep")),
            Map.entry("delay-head", List.of("delay")),
            Map.entry("throttle-body", List.of("bytes", "period")),
            Map.entry("respond", List.of("status", "body")),
            Map.entry("drop-stream", List.of("events")),
            Map.entry("stall-stream", List.of("events")),
            Map.entry("webhook-fail", List.of()),
            Map.entry("webhook-drop", List.of()),
            Map.entry("webhook-delay", List.of("delay")),
            Map.entry("webhook-duplicate", List.of()));

    private static final String DOCK = "/dock/";
    /** What follows {@link #DOCK} in the path of a stream open: {@code v2/sessions/{id}/stream}. */
    private static final Glob.Shape STREAM_REST = new Glob.Shape() {
        private static final String BEFORE = "v2/sessions/";
        private static final String AFTER = "/stream";
        private static final int ID = BEFORE.length();
        private static final int IN_ID = ID + 1;
        private static final int DONE = IN_ID + AFTER.length();

        @Override
        public int start() {
            return 0;
        }

        @Override
        public int step(int state, char c) {
            if (state < ID) {
                return BEFORE.charAt(state) == c ? state + 1 : -1;
            }
            if (state == ID) {
                return c == '/' ? -1 : IN_ID;
            }
            if (state == IN_ID) {
                return c == '/' ? IN_ID + 1 : IN_ID;
            }
            return state < DONE && AFTER.charAt(state - IN_ID) == c ? state + 1 : -1;
        }

        @Override
        public boolean accepts(int state) {
            return state == DONE;
        }

        @Override
        public String alphabet() {
            return BEFORE + AFTER;
        }
    };

    /** The prefixes of the services, whose requests rules act on (the control plane's never). */
    private static final List<String> SERVICES = List.of("/dock", "/roblox", "/dokai");

    /**
     * A parsed rule, not yet added.
     *
     * @throws IllegalArgumentException when the rule could act on no request or delivery, saying why
     */
    public record Spec(String method, Glob path, MockFault fault, Integer times, Duration lasting) {
        public Spec {
            String kind = fault.kind();
            if (fault instanceof MockFault.Webhook) {
                if (!method.equals("*") && !method.equals("POST")) {
                    throw new IllegalArgumentException(kind + " acts on webhook deliveries, which are POSTs: not on " + method);
                }
            } else if (fault instanceof MockFault.Stream) {
                if (!method.equals("*") && !method.equals("GET")) {
                    throw new IllegalArgumentException(kind + " acts only on stream opens, GET /dock/v2/sessions/{id}/stream:"
                            + " not on " + method);
                }
                if (!path.matchesSomePath(DOCK, STREAM_REST, true)) {
                    throw new IllegalArgumentException(kind + " acts only on stream opens, GET /dock/v2/sessions/{id}/stream: "
                            + path + " matches none");
                }
            } else if (SERVICES.stream().noneMatch(path::matchesSomePathUnder)) {
                throw new IllegalArgumentException("a fault rule's path " + path + (path.matchesSomePathUnder("/_mock")
                        ? " matches only the control plane, which is never faulted"
                        : " matches no path the mock serves: paths begin with the service's prefix, /dock, /roblox or /dokai"));
            } else if (fault instanceof MockFault.TruncateBody && method.equals("GET") && !path.matches("/dock")
                    && !path.matchesSomePath(DOCK, STREAM_REST, false)
                    && SERVICES.stream().filter(p -> !p.equals("/dock")).noneMatch(path::matchesSomePathUnder)) {
                throw new IllegalArgumentException(kind + " never acts on a stream open, and GET " + path
                        + " matches only stream opens (/dock/v2/sessions/{id}/stream)");
            }
        }
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
        String kind = kindLabel == null ? "" : kindLabel.trim().toLowerCase(Locale.ROOT);
        List<String> allowed = OPTIONS.get(kind);
        if (allowed == null) {
            throw new IllegalArgumentException("unknown fault kind '" + (kindLabel == null ? "" : kindLabel) + "'");
        }
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
        if (!headers.isEmpty() && !kind.equals("respond")) {
            throw new IllegalArgumentException("header= is an option of respond only");
        }
        for (String name : single.keySet()) {
            if (!COMMON.contains(name) && !allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + "= for " + kind
                        + (allowed.isEmpty() ? " (it takes only times= and for=)" : " (it takes " + String.join(", ", allowed) + ", times, for)"));
            }
        }
        return new Spec(m, glob, fault(kind, single, headers), times, lasting);
    }

    private static MockFault fault(String kind, Map<String, String> options, Map<String, String> headers) {
        return switch (kind) {
            case "reset-before-response" -> MockFault.resetBeforeResponse(bool("processed",
                    options.getOrDefault("processed", "false")));
            case "reset-mid-body" -> MockFault.resetMidBody();
            case "truncate-body" -> options.containsKey("keep")
                    ? MockFault.truncateBody(count("keep", options.get("keep"), 0)) : MockFault.truncateBody();
            case "delay-head" -> MockFault.delayHead(positive("delay", required(options, "delay", kind)));
            case "throttle-body" -> MockFault.throttleBody(count("bytes", required(options, "bytes", kind), 1),
                    options.containsKey("period") ? positive("period", options.get("period")) : Duration.ofSeconds(1));
            case "respond" -> {
                MockFault.Respond f = MockFault.respond(count("status", required(options, "status", kind), 200));
                if (options.containsKey("body")) {
                    f = f.withBody(options.get("body"));
                }
                for (Map.Entry<String, String> h : headers.entrySet()) {
                    f = f.withHeader(h.getKey(), h.getValue());
                }
                yield f;
            }
            case "drop-stream" -> MockFault.dropStreamAfter(count("events", options.getOrDefault("events", "1"), 0));
            case "stall-stream" -> MockFault.stallStreamAfter(count("events", options.getOrDefault("events", "1"), 0));
            case "webhook-fail" -> MockFault.webhookFail();
            case "webhook-drop" -> MockFault.webhookDrop();
            case "webhook-delay" -> MockFault.webhookDelay(positive("delay", required(options, "delay", kind)));
            case "webhook-duplicate" -> MockFault.webhookDuplicate();
            default -> throw new IllegalStateException("no fault kind " + kind);
        };
    }

    private static String required(Map<String, String> options, String name, String kind) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(kind + " needs " + name + "=");
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
