package dev.verifykit.examples.snippets;

import dev.verifykit.dock.DockClient;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;

/** The README's events sample, compiled. */
final class EventsSnippet {
    private EventsSnippet() {}

    static DockClient observed(String key) {
        DockClient dock = DockClient.builder().apiKey(key)
                .listener(new VerifyKitListener() {
                    @Override public void onCallEnd(CallStart call, CallEnd end) {
                        System.out.printf("%s %s after %d attempts%n", call.operation(), end.status(), end.attempts());
                    }
                })
                .build();
        return dock;
    }
}
