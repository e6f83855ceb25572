package dev.verifykit.examples.demo;

/** One flow of the demo, written as an integrator would write it. */
public interface Flow {
    /** A short name for the transcript and the summary. */
    String name();

    /**
     * Runs the flow, telling the transcript what happens.
     *
     * @return the result line for the summary; thrown exceptions count as a failed flow
     */
    String run(Transcript transcript, dev.verifykit.examples.RequestCounter requests) throws Exception;
}
