package dev.verifykit.examples.demo;

import dev.verifykit.examples.RequestCounter;

/** One flow of the demo, written as an integrator would write it. */
public interface Flow {
    /** A short name for the transcript and the summary. */
    String name();

    /**
     * Runs the flow, telling the transcript what happens.
     *
     * @param requests counts the requests of the flow's clients (give them {@code requests.counting(http)})
     * @return how it ended; a thrown exception counts as a failed flow
     */
    Outcome run(Transcript transcript, RequestCounter requests) throws Exception;

    /**
     * How a flow ended.
     *
     * @param verified whether it reached its verified result
     * @param result what it ended with, in a few words
     */
    record Outcome(boolean verified, String result) {}
}
