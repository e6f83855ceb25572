package dev.verifykit.mock;

import java.time.Instant;

/**
 * A fault rule as the mock holds it: requests with {@code method} (or any, {@code *}) whose path
 * (prefix included) matches {@code path} get {@code fault}, for the next {@code remaining} matching
 * requests and/or until {@code expiresAt}. Webhook rules ({@link MockFault.Webhook} faults) match the
 * path of the delivery's URL instead. Rules are tried in the order they were added; the first
 * active match applies, and only one fault acts on a request.
 *
 * <pre>{@code
 * MockFaultRule rule = server.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 2);
 * // ... later
 * assertThat(server.faults().rule(rule.id())).hasValueSatisfying(r -> assertThat(r.applied()).isEqualTo(2));
 * }</pre>
 *
 * <p>Path patterns: {@code *} matches within one segment, {@code **} across segments; a pattern of
 * only {@code *} or {@code **} matches every path. The control plane ({@code /_mock}) is never faulted.
 *
 * @param id {@code f1}, {@code f2}, … in the order rules were added since start or reset
 * @param method an HTTP method, or {@code *}
 * @param path the path pattern
 * @param fault what happens
 * @param times how many uses the rule was given, or {@code null} for unlimited
 * @param remaining uses left, or {@code null} for unlimited
 * @param expiresAt when the rule stops applying (real time), or {@code null}
 * @param applied how many times it has acted
 */
public record MockFaultRule(String id, String method, String path, MockFault fault, Integer times, Integer remaining,
                            Instant expiresAt, int applied) {

    /** Whether the rule can still act at {@code now}. */
    public boolean active(Instant now) {
        return (remaining == null || remaining > 0) && (expiresAt == null || now.isBefore(expiresAt));
    }

    /**
     * The rule in the compact syntax of {@code --fault}, e.g. {@code POST /dock/v2/sessions respond status=503 times=2}.
     * A time-bound rule's end ({@code expiresAt}) is not printed: {@code for=} counts from when a rule is added.
     */
    public String spec() {
        return method + " " + path + " " + fault + (times == null ? "" : " times=" + times);
    }
}
