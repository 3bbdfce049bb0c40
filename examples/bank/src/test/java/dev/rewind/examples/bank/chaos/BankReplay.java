package dev.rewind.examples.bank.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.examples.bank.accounts.application.AccountEvents;
import dev.rewind.examples.bank.accounts.domain.MoneyDeposited;
import dev.rewind.examples.bank.accounts.domain.MoneyWithdrawn;
import dev.rewind.examples.bank.accounts.domain.TransferReceived;
import dev.rewind.examples.bank.accounts.domain.TransferRefunded;
import dev.rewind.examples.bank.accounts.domain.TransferSent;
import dev.rewind.examples.bank.transfers.application.TransferEvents;
import dev.rewind.examples.bank.transfers.domain.TransferCompleted;
import dev.rewind.examples.bank.transfers.domain.TransferEvent;
import dev.rewind.examples.bank.transfers.domain.TransferFailed;
import dev.rewind.examples.bank.transfers.domain.TransferRequested;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bank as a fresh replay of its event store says it is: each account's balance and deposits, each transfer's
 * outcome and refunds. Read straight from the PostgreSQL store, past every hub and read model.
 */
final class BankReplay {

    private final long head;
    private final Map<String, Long> balances = new HashMap<>();
    private final Map<String, List<Long>> deposits = new HashMap<>();
    private final Map<String, String> transferStatus = new HashMap<>();
    private final Map<String, TransferFailed> failures = new HashMap<>();
    private final Map<String, Long> refunds = new HashMap<>();
    private final Map<String, Long> sent = new HashMap<>();
    private final Map<String, Long> received = new HashMap<>();
    private final Map<String, List<String>> history = new HashMap<>();

    private BankReplay(List<RecordedEvent> log) {
        EventTypes types = AccountEvents.TYPES.merge(TransferEvents.TYPES);
        JacksonEventSerializer serializer = new JacksonEventSerializer(types);
        head = log.isEmpty() ? 0 : log.get(log.size() - 1).globalPosition();
        for (RecordedEvent recorded : log) {
            if (types.classOf(recorded.type()).isEmpty()) {
                continue;
            }
            Object event = serializer.deserialize(recorded);
            String transfer = transferOf(event);
            if (transfer != null) {
                history.computeIfAbsent(transfer, id -> new ArrayList<>()).add(recorded.globalPosition() + " "
                        + recorded.streamId() + " " + event);
            }
            if (event instanceof MoneyDeposited e) {
                deposits.computeIfAbsent(e.accountId().value(), id -> new ArrayList<>()).add(e.amountCents());
                balances.put(e.accountId().value(), e.newBalance());
            } else if (event instanceof MoneyWithdrawn e) {
                balances.put(e.accountId().value(), e.newBalance());
            } else if (event instanceof TransferSent e) {
                balances.put(e.accountId().value(), e.newBalance());
                sent.merge(e.transfer().value(), e.amountCents(), Long::sum);
            } else if (event instanceof TransferReceived e) {
                balances.put(e.accountId().value(), e.newBalance());
                received.merge(e.transfer().value(), e.amountCents(), Long::sum);
            } else if (event instanceof TransferRefunded e) {
                balances.put(e.accountId().value(), e.newBalance());
                refunds.merge(e.transfer().value(), e.amountCents(), Long::sum);
            } else if (event instanceof TransferRequested e) {
                transferStatus.put(e.transferId().value(), "PENDING");
            } else if (event instanceof TransferCompleted e) {
                transferStatus.put(e.transferId().value(), "COMPLETED");
            } else if (event instanceof TransferFailed e) {
                transferStatus.put(e.transferId().value(), "FAILED");
                failures.put(e.transferId().value(), e);
            }
        }
    }

    private static String transferOf(Object event) {
        if (event instanceof TransferSent e) {
            return e.transfer().value();
        } else if (event instanceof TransferReceived e) {
            return e.transfer().value();
        } else if (event instanceof TransferRefunded e) {
            return e.transfer().value();
        } else if (event instanceof TransferEvent e) {
            return e.transferId().value();
        }
        return null;
    }

    /**
     * Replays the store until every given transfer has ended (and every refund it owes is stored), at most
     * {@code timeout}.
     */
    static BankReplay await(String store, Collection<String> transfers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (EventStoreBackend backend = EventStores.openBackend(store)) {
            while (true) {
                BankReplay replay = new BankReplay(readAll(backend.store()));
                List<String> open = transfers.stream().filter(id -> !replay.ended(id)).toList();
                if (open.isEmpty()) {
                    return replay;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(open.size() + " transfers had not ended " + timeout + " after the"
                            + " load stopped, for example " + open.get(0) + " ("
                            + replay.transferStatus.get(open.get(0)) + ")");
                }
                Thread.sleep(500);
            }
        }
    }

    private boolean ended(String transfer) {
        String status = transferStatus.get(transfer);
        if ("COMPLETED".equals(status)) {
            return true;
        }
        if (!"FAILED".equals(status)) {
            return false;
        }
        return failures.get(transfer).refundCents() == refunds.getOrDefault(transfer, 0L);
    }

    private static List<RecordedEvent> readAll(EventStore store) {
        List<RecordedEvent> log = new ArrayList<>();
        for (long next = 1; ; ) {
            List<RecordedEvent> page = store.readAll(next, 5_000);
            log.addAll(page);
            if (page.isEmpty()) {
                return log;
            }
            next = page.get(page.size() - 1).globalPosition() + 1;
        }
    }

    long head() {
        return head;
    }

    long balance(String account) {
        return balances.getOrDefault(account, 0L);
    }

    long totalBalance() {
        return balances.values().stream().mapToLong(Long::longValue).sum();
    }

    String transferStatus(String transfer) {
        return transferStatus.get(transfer);
    }

    /** Each account holds exactly the acknowledged deposits, each once (each was re-sent until acknowledged). */
    void assertDepositsStoredOnce(Collection<BankLoad.Deposit> acknowledged) {
        Map<String, List<Long>> expected = new HashMap<>();
        acknowledged.forEach(d -> expected.computeIfAbsent(d.accountId(), id -> new ArrayList<>()).add(d.cents()));
        for (String account : Set.copyOf(expected.keySet())) {
            assertThat(deposits.getOrDefault(account, List.of())).as("deposits stored on " + account)
                    .containsExactlyInAnyOrderElementsOf(expected.get(account));
        }
        assertThat(expected.keySet()).as("accounts with deposits").containsAll(deposits.keySet());
    }

    /**
     * Every acknowledged transfer completed, or failed and refunded what it had taken, and what left its source
     * arrived at its destination or came back; no other transfer exists.
     */
    void assertTransfersEnded(Collection<String> acknowledged) {
        List<String> unbalanced = new ArrayList<>();
        for (String transfer : acknowledged) {
            long out = sent.getOrDefault(transfer, 0L);
            if (out != received.getOrDefault(transfer, 0L) + refunds.getOrDefault(transfer, 0L)) {
                unbalanced.add(String.join("\n  ", history.getOrDefault(transfer, List.of(transfer))));
            }
        }
        assertThat(unbalanced).as("transfers whose money did not all arrive or come back").isEmpty();
        assertThat(transferStatus.keySet()).as("transfers stored").containsExactlyInAnyOrderElementsOf(
                Set.copyOf(acknowledged));
        for (String transfer : acknowledged) {
            assertThat(ended(transfer)).as("transfer " + transfer + " ended (" + transferStatus.get(transfer)
                    + ")").isTrue();
        }
    }
}
