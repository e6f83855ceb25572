/**
 * Time as VerifyKit sees it: one {@link dev.verifykit.time.Scheduler} gives the clock, sleeps and
 * delayed tasks, so that retries, backoff and waits can be tested in virtual time with
 * {@link dev.verifykit.time.VirtualScheduler}.
 */
package dev.verifykit.time;
