package dev.verifykit.dock;

import java.time.Duration;

/**
 * A test store that passes every call to another through the forms without {@code timeLeft} (the
 * interface's defaults route the client's calls to them, dropping the time left, which the
 * in-memory store ignores), so that a test overrides the short forms it watches or changes, or
 * only {@link #toldOfAnEnd} to watch the reports of an end.
 */
public class ForwardingGuardrailStore implements GuardrailStore {
    final GuardrailStore inner;

    public ForwardingGuardrailStore(GuardrailStore inner) {
        this.inner = inner;
    }

    @Override
    public Duration startCreate(String account, String createId, CreateRules rules) {
        return inner.startCreate(account, createId, rules);
    }

    @Override
    public void createArrived(String account, String createId, CreateRules rules) {
        toldOfAnEnd("createArrived");
        inner.createArrived(account, createId, rules);
    }

    @Override
    public void createUncounted(String account, String createId, CreateRules rules) {
        toldOfAnEnd("createUncounted");
        inner.createUncounted(account, createId, rules);
    }

    @Override
    public ReadStart startRead(String account, String sessionId, ReadRules rules) {
        return inner.startRead(account, sessionId, rules);
    }

    @Override
    public void readArrived(String account, String sessionId, String readId, Duration ago) {
        toldOfAnEnd("readArrived");
        inner.readArrived(account, sessionId, readId, ago);
    }

    /** Called with the report's name ({@code readArrived}, {@code createArrived}, {@code createUncounted}) before it is passed on. */
    void toldOfAnEnd(String report) {}
}
