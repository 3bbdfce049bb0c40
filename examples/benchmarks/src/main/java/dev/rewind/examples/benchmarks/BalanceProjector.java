package dev.rewind.examples.benchmarks;

import dev.rewind.core.projection.Projector;
import dev.rewind.examples.benchmarks.BankWorkload.AccountOpened;
import dev.rewind.examples.benchmarks.BankWorkload.MoneyDeposited;
import dev.rewind.examples.benchmarks.BankWorkload.MoneyWithdrawn;
import java.util.HashMap;
import java.util.Map;

/**
 * The W2/W3 projection: an in-memory map accountId to balance. It also records when it applied each position, for
 * the W3 latency figure. Only its subscription thread writes; readers wait on the runner first.
 */
final class BalanceProjector extends Projector {

    private final Map<String, Long> balances = new HashMap<>();
    private volatile long applied;
    private volatile long appliedAtNanos;

    BalanceProjector(String name) {
        super(name);
        on(AccountOpened.class, (e, envelope) -> applied(envelope.globalPosition(), e.accountId(), 0));
        on(MoneyDeposited.class, (e, envelope) -> applied(envelope.globalPosition(), e.accountId(), e.newBalance()));
        on(MoneyWithdrawn.class, (e, envelope) -> applied(envelope.globalPosition(), e.accountId(), e.newBalance()));
    }

    private void applied(long position, String accountId, long balance) {
        balances.put(accountId, balance);
        appliedAtNanos = System.nanoTime();
        applied = position;
    }

    long appliedPosition() {
        return applied;
    }

    long appliedAtNanos() {
        return appliedAtNanos;
    }

    synchronized Map<String, Long> balances() {
        return Map.copyOf(balances);
    }
}
