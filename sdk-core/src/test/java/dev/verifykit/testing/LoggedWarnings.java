package dev.verifykit.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The warnings (and worse) the library logs ({@code System.Logger}, which maps to JUL) while a test's own calls run. */
public final class LoggedWarnings {
    private LoggedWarnings() {}

    /**
     * The records of level WARNING or above that logger {@code name} (or one below it) got from this
     * thread while {@code action} ran: another test's leftover work may log on the shared logger.
     */
    public static List<LogRecord> during(String name, Runnable action) {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(name);
        long self = Thread.currentThread().getId();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLongThreadID() == self && record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        try {
            action.run();
        } finally {
            log.removeHandler(capture);
        }
        return warnings;
    }
}
