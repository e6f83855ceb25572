package dev.verifykit.mock.internal.fault;

import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockFaultRule;
import dev.verifykit.mock.MockFaults;
import dev.verifykit.mock.internal.settings.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fault rules, in the order added, behind one lock. A request or delivery claims the first
 * active rule that matches it, which takes one of the rule's uses at once.
 */
public final class FaultRules implements MockFaults {

    private static final class Rule {
        final String id;
        final String method;
        final Glob path;
        final MockFault fault;
        final Integer times;
        final Instant expiresAt;
        Integer remaining;
        int applied;

        Rule(String id, FaultSyntax.Spec spec, Instant now) {
            this.id = id;
            this.method = spec.method();
            this.path = spec.path();
            this.fault = spec.fault();
            this.times = spec.times();
            this.remaining = spec.times();
            this.expiresAt = spec.lasting() == null ? null : now.plus(spec.lasting());
        }

        MockFaultRule snapshot() {
            return new MockFaultRule(id, method, path.toString(), fault, times, remaining, expiresAt, applied);
        }

        boolean active(Instant now) {
            return (remaining == null || remaining > 0) && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    /** A use of a rule taken by one request or delivery. */
    public record Claim(String ruleId, MockFault fault) {
        public String describe() {
            return fault.toString();
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private int nextId = 1;

    @Override
    public MockFaultRule add(String method, String pathPattern, MockFault fault, int times) {
        return add(spec(method, pathPattern, fault, Check.atLeast("times", times, 1), null));
    }

    @Override
    public MockFaultRule addFor(String method, String pathPattern, MockFault fault, Duration duration) {
        return add(spec(method, pathPattern, fault, null, Check.positive("duration", duration)));
    }

    @Override
    public MockFaultRule add(String rule) {
        return add(FaultSyntax.parse(rule));
    }

    public synchronized MockFaultRule add(FaultSyntax.Spec spec) {
        Rule rule = new Rule("f" + nextId++, spec, Instant.now());
        rules.add(rule);
        return rule.snapshot();
    }

    @Override
    public synchronized List<MockFaultRule> rules() {
        return rules.stream().map(Rule::snapshot).toList();
    }

    @Override
    public synchronized Optional<MockFaultRule> rule(String id) {
        return rules.stream().filter(r -> r.id.equals(id)).findFirst().map(Rule::snapshot);
    }

    @Override
    public synchronized Optional<MockFaultRule> remove(String id) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id.equals(id)) {
                return Optional.of(rules.remove(i).snapshot());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized int clear() {
        int n = rules.size();
        rules.clear();
        return n;
    }

    /** Forgets every rule and restarts ids at {@code f1}. */
    public synchronized void reset() {
        rules.clear();
        nextId = 1;
    }

    /**
     * Takes a use of the first active rule (not a webhook rule) matching the request, or null.
     * {@code stream} says whether the request opens an event stream: stream-only faults skip others.
     */
    public synchronized Claim claimRequest(String method, String path, boolean stream) {
        Instant now = Instant.now();
        for (Rule r : rules) {
            if (r.fault instanceof MockFault.Webhook || !r.active(now) || (r.fault instanceof MockFault.Stream && !stream)
                    || (stream && r.fault instanceof MockFault.TruncateBody)
                    || !(r.method.equals("*") || r.method.equals(method)) || !r.path.matches(path)) {
                continue;
            }
            return take(r);
        }
        return null;
    }

    /** Takes a use of the first active webhook rule matching the delivery URL's path, or null. */
    public synchronized Claim claimWebhook(String urlPath) {
        Instant now = Instant.now();
        for (Rule r : rules) {
            if (r.fault instanceof MockFault.Webhook && r.active(now) && (r.method.equals("*") || r.method.equals("POST"))
                    && r.path.matches(urlPath)) {
                return take(r);
            }
        }
        return null;
    }

    private static Claim take(Rule r) {
        if (r.remaining != null) {
            r.remaining--;
        }
        r.applied++;
        return new Claim(r.id, r.fault);
    }

    private static FaultSyntax.Spec spec(String method, String pathPattern, MockFault fault, Integer times,
                                         Duration lasting) {
        Objects.requireNonNull(fault, "fault");
        String m = method == null ? "" : method.trim().toUpperCase(java.util.Locale.ROOT);
        if (!m.equals("*") && !m.matches("[A-Z]+")) {
            throw new IllegalArgumentException("method must be an HTTP method or *: " + method);
        }
        return new FaultSyntax.Spec(m, Glob.of(pathPattern), fault, times, lasting);
    }
}
