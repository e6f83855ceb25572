package dev.verifykit.spring;

import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import java.util.concurrent.CountDownLatch;

/** Tells when a wait's first request begins: the wait is then under way (a close cancels it). */
final class WaitUnderWay implements VerifyKitListener {
    final CountDownLatch begun = new CountDownLatch(1);

    @Override
    public void onCallStart(CallStart call) {
        if (call.waitId().isPresent()) {
            begun.countDown();
        }
    }
}
