package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.DockSettings;
import java.util.List;
import java.util.Optional;

/** An API key, the pid it owns and its plan's limits. */
record Account(String apiKey, String pid, String plan, int pollCap, int dailyLimit) {

    static List<Account> all(DockSettings s) {
        return List.of(
                new Account(s.freeApiKey(), s.freePid(), "free", s.freePollCap(), s.freeDailyLimit()),
                new Account(s.premiumApiKey(), s.premiumPid(), "premium", s.premiumPollCap(), s.premiumDailyLimit()));
    }

    static Optional<Account> byKey(List<Account> accounts, String apiKey) {
        return accounts.stream().filter(a -> a.apiKey.equals(apiKey)).findFirst();
    }
}
