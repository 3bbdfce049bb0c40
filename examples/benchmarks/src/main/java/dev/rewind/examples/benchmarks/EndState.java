package dev.rewind.examples.benchmarks;

import dev.rewind.core.Rewind;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.examples.benchmarks.BankWorkload.AccountOpened;
import dev.rewind.examples.benchmarks.BankWorkload.MoneyDeposited;
import java.util.List;

/**
 * The end state after the deposits of W1 and W1c (any thread count, with or without the aggregate cache): the log
 * holds A + D events, and every account's stream is its opening followed by D / A deposits of 100 cents at versions
 * 1, 2, ..., each with the balance before it plus 100, so every balance ends at D / A x 100.
 */
final class EndState {

    private EndState() {
    }

    /** Throws {@link IllegalStateException} naming the first difference. */
    static void check(Rewind rewind, int accounts, int deposits) {
        long expected = (long) accounts + deposits;
        long head = rewind.store().headPosition();
        if (head != expected) {
            throw new IllegalStateException("End state wrong: " + head + " events, expected " + expected);
        }
        int perAccount = deposits / accounts;
        for (int i = 0; i < accounts; i++) {
            String id = BankWorkload.accountId(i);
            List<RecordedEvent> stream = rewind.store().readStream("account-" + id);
            if (stream.size() != 1 + perAccount) {
                throw wrong(id, "has " + stream.size() + " events, expected " + (1 + perAccount));
            }
            if (!(rewind.serializer().deserialize(stream.get(0)) instanceof AccountOpened opened)
                    || !opened.accountId().equals(id) || !opened.owner().equals("owner-" + i)) {
                throw wrong(id, "does not start with its AccountOpened");
            }
            for (int v = 1; v < stream.size(); v++) {
                RecordedEvent stored = stream.get(v);
                if (stored.streamVersion() != v
                        || !(rewind.serializer().deserialize(stored) instanceof MoneyDeposited deposit)
                        || !deposit.accountId().equals(id) || deposit.amountCents() != 100
                        || deposit.newBalance() != 100L * v) {
                    throw wrong(id, "has at version " + v + " " + stored.type() + " "
                            + new String(stored.data(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static IllegalStateException wrong(String account, String what) {
        return new IllegalStateException("End state wrong: the stream of " + account + " " + what);
    }
}
