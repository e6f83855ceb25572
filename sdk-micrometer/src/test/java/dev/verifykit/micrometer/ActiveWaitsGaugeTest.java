package dev.verifykit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.Service;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The gauge of waits in progress stays true to the waits when its registration fails once or it is removed. */
class ActiveWaitsGaugeTest {
    private static final WaitEnd COMPLETED = WaitEnd.builder().outcome(WaitOutcome.COMPLETED).attempts(1)
            .pollsUsed(1).duration(Duration.ofSeconds(1)).build();

    private static WaitStart aWait(long id) {
        return WaitStart.builder().id(id).service(Service.DOCK).operation("dock.awaitCompletion").build();
    }

    /**
     * A registration that failed once when a wait started (a filter, a registry refusing a meter for a
     * moment) must not leave the gauge at -1 once that wait ended: the count of the wait that started is
     * kept whether or not its gauge could be registered then.
     */
    @Test
    void aGaugeWhoseFirstRegistrationFailedNeverReadsBelowZero() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicBoolean failNext = new AtomicBoolean(true);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals("verifykit.waits.active") && failNext.getAndSet(false)) {
                    throw new IllegalStateException("registration refused once");
                }
                return id;
            }
        });
        VerifyKitMetrics metrics = VerifyKitMetrics.create(registry);
        WaitStart wait = aWait(1);

        catchThrowable(() -> metrics.onWaitStart(wait));
        metrics.onWaitEnd(wait, COMPLETED);

        Gauge gauge = registry.find("verifykit.waits.active").gauge();
        assertThat(gauge).isNotNull();
        assertThat(gauge.value()).as("waits in progress after the only wait ended").isZero();
    }

    /**
     * Every other meter comes back at its next use after the application removed it (or cleared the
     * registry); the gauge of waits in progress must too, or no wait shows for as long as the registry lives.
     */
    @Test
    void aRemovedGaugeIsRegisteredAgainAtTheNextWait() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VerifyKitMetrics metrics = VerifyKitMetrics.create(registry);
        metrics.onWaitStart(aWait(1));
        metrics.onWaitEnd(aWait(1), COMPLETED);

        registry.clear();
        metrics.onWaitStart(aWait(2));

        assertThat(registry.find("verifykit.waits").timer()).isNull();
        Gauge gauge = registry.find("verifykit.waits.active").gauge();
        assertThat(gauge).as("the gauge of waits in progress after the registry was cleared and a wait started")
                .isNotNull();
        assertThat(gauge.value()).isEqualTo(1);
        metrics.onWaitEnd(aWait(2), COMPLETED);
        assertThat(registry.find("verifykit.waits").timer()).isNotNull();
        assertThat(registry.find("verifykit.waits.active").gauge().value()).isZero();
    }

    /**
     * Micrometer logs a gauge registered again under an id it already holds ("This Gauge has been
     * already registered (MeterId{name='verifykit.waits.active', …}), the registration will be
     * ignored"): at WARNING the first time in the JVM, then at DEBUG at every registration. Registered
     * at each wait's start and end, the gauge had the first wait's end put that warning in every
     * application's log. It is registered again only once it is gone from the registry (the test above).
     * Micrometer's logger is captured at every level: the first time may have been another test's.
     */
    @Test
    void waitsStartingAndEndingLogNoSecondRegistrationOfTheGauge() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().commonTags("application", "shop"); // as Spring Boot's management.metrics.tags adds
        VerifyKitMetrics metrics = VerifyKitMetrics.create(registry);
        VerifyKitMetrics another = VerifyKitMetrics.create(registry);
        List<String> logged = loggedByMicrometer(() -> {
            metrics.onWaitStart(aWait(1));
            metrics.onWaitStart(aWait(2));
            metrics.onWaitEnd(aWait(1), COMPLETED);
            another.onWaitStart(aWait(3));
            another.onWaitEnd(aWait(3), COMPLETED);
        });

        assertThat(logged).as("what Micrometer logged as three waits started and two ended")
                .noneMatch(line -> line.contains("already registered"));
        assertThat(registry.find("verifykit.waits.active").gauges()).hasSize(1);
        assertThat(registry.get("verifykit.waits.active").tags("application", "shop").gauge().value()).isEqualTo(1);
    }

    /**
     * An application's {@code MeterFilter} may rename meters or their tags (a prefix for every meter, a
     * tag renamed to the company's convention). Looked up under its own name and tags, the gauge was not
     * found in such a registry, so it was registered again at every wait's start and end and Micrometer
     * logged "already registered" as before; it must be registered once, and again only after it was
     * removed.
     */
    @Test
    void aGaugeRenamedByTheApplicationsFilterIsRegisteredOnceAndAgainOnlyAfterItsRemoval() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(MeterFilter.renameTag("verifykit", "operation", "op"));
        VerifyKitMetrics metrics = VerifyKitMetrics.create(registry);

        List<String> logged = loggedByMicrometer(() -> {
            metrics.onWaitStart(aWait(1));
            metrics.onWaitStart(aWait(2));
            metrics.onWaitEnd(aWait(1), COMPLETED);
        });

        assertThat(logged).as("what Micrometer logged as two waits started and one ended")
                .noneMatch(line -> line.contains("already registered"));
        assertThat(registry.get("verifykit.waits.active").tag("op", "dock.awaitCompletion").gauge().value())
                .isEqualTo(1);

        registry.clear();
        metrics.onWaitStart(aWait(3));
        assertThat(registry.get("verifykit.waits.active").tag("op", "dock.awaitCompletion").gauge().value())
                .as("the renamed gauge after the registry was cleared and a wait started").isEqualTo(2);
    }

    /**
     * What Micrometer logs on this thread while {@code run} runs, at every level (the first time a
     * warning is logged at WARNING may have been another test's).
     */
    private static List<String> loggedByMicrometer(Runnable run) {
        List<String> logged = new CopyOnWriteArrayList<>();
        long self = Thread.currentThread().getId();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLongThreadID() == self) {
                    logged.add(record.getLevel() + " " + record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger micrometer = Logger.getLogger("io.micrometer");
        Level level = micrometer.getLevel();
        micrometer.setLevel(Level.ALL);
        micrometer.addHandler(capture);
        try {
            run.run();
        } finally {
            micrometer.removeHandler(capture);
            micrometer.setLevel(level);
        }
        return logged;
    }
}
