package dev.verifykit.mock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Fault injection: rules that make the mock break on purpose, so that retry and wait logic can be
 * tested. The same operations are available over HTTP under {@code /_mock/faults}. Thread-safe.
 * A rule that could act on nothing is refused when added ({@link IllegalArgumentException} saying why):
 * a path without the service's prefix ({@code /dock}, {@code /roblox}, {@code /dokai}) or only the control
 * plane's, a stream kind off {@code GET /dock/…}, a webhook kind off {@code POST}.
 *
 * <pre>{@code
 * // the classic duplicate trap: the session is made, then the connection drops
 * server.faults().add("POST", "/dock/v2/sessions", MockFault.resetBeforeResponse(true), 1);
 * // every read for the next 2 s is a 503
 * server.faults().addFor("GET", "/dock/v2/sessions/*", MockFault.respond(503), Duration.ofSeconds(2));
 * // the compact syntax of --fault
 * server.faults().add("GET /dokai/** respond status=429 header=Retry-After:1 times=1");
 * }</pre>
 */
public interface MockFaults {

    /** Adds a rule for the next {@code times} matching requests (at least 1). */
    MockFaultRule add(String method, String pathPattern, MockFault fault, int times);

    /** Adds a rule for every matching request during {@code duration} (real time) from now. */
    MockFaultRule addFor(String method, String pathPattern, MockFault fault, Duration duration);

    /**
     * Adds a rule written in the compact syntax: {@code METHOD PATH KIND [option=value …]}, options
     * {@code times=N} and {@code for=DURATION} plus the kind's own (see the module README).
     *
     * @throws IllegalArgumentException with a one-line message when the text is not a rule
     */
    MockFaultRule add(String rule);

    /** Every rule, active or used up, in the order applied. */
    List<MockFaultRule> rules();

    /** The rule with this id. */
    Optional<MockFaultRule> rule(String id);

    /** Removes a rule; returns it, or empty when there is none with that id. */
    Optional<MockFaultRule> remove(String id);

    /** Removes every rule; returns how many there were. */
    int clear();
}
