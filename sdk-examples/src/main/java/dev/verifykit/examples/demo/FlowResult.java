package dev.verifykit.examples.demo;

import java.time.Duration;

/**
 * How one flow of the demo went.
 *
 * @param flow the flow's name
 * @param ok whether it reached its verified result
 * @param result what it ended with, in a few words
 * @param requests HTTP requests its clients sent
 * @param time how long it took
 */
public record FlowResult(String flow, boolean ok, String result, int requests, Duration time) {}
