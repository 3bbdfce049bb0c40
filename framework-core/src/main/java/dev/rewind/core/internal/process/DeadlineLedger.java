package dev.rewind.core.internal.process;

import static dev.rewind.core.internal.process.StoreDeadlines.CATEGORY;
import static dev.rewind.core.internal.process.StoreDeadlines.LEDGER;
import static dev.rewind.core.internal.process.StoreDeadlines.LEDGER_ENDED;
import static dev.rewind.core.internal.process.StoreDeadlines.LEDGER_OPENED;
import static dev.rewind.core.internal.process.StoreDeadlines.LEDGER_PENDING;
import static dev.rewind.core.internal.process.StoreDeadlines.SCHEDULED;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger of {@link StoreDeadlines}: one stream that names every deadline key when it is scheduled and again when
 * it has ended, so a start reads this stream instead of the log. Every entry has an id derived from its type and key,
 * so writing one again stores nothing; the entries are read in order, so a key is pending if its last entry is
 * {@link StoreDeadlines#LEDGER_PENDING}.
 */
final class DeadlineLedger {

    /** An entry's payload. */
    record Entry(String key) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 10_000;

    private final EventStore store;

    DeadlineLedger(EventStore store) {
        this.store = store;
    }

    /** The pending keys and the ledger version to follow on from. */
    record Listing(Set<String> pending, long nextVersion) {
    }

    /** Hears the ledger's entries after a listing. */
    @FunctionalInterface
    interface Follower {

        void entry(String type, String key);
    }

    /**
     * The keys the ledger lists as pending, in the order they were scheduled. A store written before the ledger
     * existed is searched once, for the deadline streams only, and its pending deadlines are listed first.
     */
    Set<String> pendingKeys() {
        return listing().pending();
    }

    /** As {@link #pendingKeys()}, with the version of the ledger's next entry. */
    Listing listing() {
        Set<String> pending = new LinkedHashSet<>();
        boolean opened = false;
        long read = 0;
        for (long next = 0; ; next += BATCH) {
            List<RecordedEvent> batch = store.readStream(LEDGER, next, BATCH);
            read += batch.size();
            for (RecordedEvent entry : batch) {
                switch (entry.type()) {
                    case LEDGER_OPENED -> opened = true;
                    case LEDGER_PENDING -> pending.add(keyOf(entry));
                    case LEDGER_ENDED -> pending.remove(keyOf(entry));
                    default -> LOG.warn("Deadline ledger: entry {} of an unknown type ignored", entry);
                }
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        if (!opened) {
            pending.addAll(open());
        }
        return new Listing(pending, read);
    }

    /** Tells {@code follower} the pending and ended entries from {@code fromVersion}; returns the next version. */
    long follow(long fromVersion, Follower follower) {
        long next = fromVersion;
        for (List<RecordedEvent> batch = store.readStream(LEDGER, next, BATCH); !batch.isEmpty();
                batch = store.readStream(LEDGER, next, BATCH)) {
            for (RecordedEvent entry : batch) {
                if (entry.type().equals(LEDGER_PENDING) || entry.type().equals(LEDGER_ENDED)) {
                    follower.entry(entry.type(), keyOf(entry));
                }
            }
            next += batch.size();
        }
        return next;
    }

    /** The entry that lists a key as pending; appended together with the deadline's schedule. */
    NewEvent pendingEntry(String key) {
        return entry(LEDGER_PENDING, key);
    }

    /** Notes that a deadline fired or was cancelled; if that fails, the next start notes it. */
    void noteEnded(String key) {
        try {
            store.append(LEDGER, ExpectedVersion.any(), List.of(entry(LEDGER_ENDED, key)));
        } catch (RuntimeException e) {
            LOG.warn("Deadline {} ended, but the ledger could not note it now ({}); the next start does", key,
                    e.toString());
        }
    }

    /**
     * Finds the pending deadlines of a store written before the ledger existed, lists them, and opens the ledger so
     * that no later start searches the log. An empty store has none.
     */
    private Set<String> open() {
        Set<String> found = new LinkedHashSet<>();
        if (store.headPosition() > 0) {
            for (long next = 1; ; ) {
                List<RecordedEvent> batch = store.readAll(next, BATCH, EventFilter.categories(CATEGORY));
                for (RecordedEvent event : batch) {
                    String key = event.streamId().substring(CATEGORY.length() + 1);
                    if (event.type().equals(SCHEDULED) && event.streamVersion() == 0) {
                        found.add(key);
                    } else {
                        found.remove(key);
                    }
                }
                if (batch.size() < BATCH) {
                    break;
                }
                next = batch.get(batch.size() - 1).globalPosition() + 1;
            }
            for (String key : found) {
                store.append(LEDGER, ExpectedVersion.any(), List.of(pendingEntry(key)));
            }
            LOG.info("Deadlines: {} pending found in a store written before the deadline ledger", found.size());
        }
        store.append(LEDGER, ExpectedVersion.any(), List.of(entry(LEDGER_OPENED, "")));
        return found;
    }

    private static NewEvent entry(String type, String key) {
        UUID id = UUID.nameUUIDFromBytes((type + "/" + key).getBytes(StandardCharsets.UTF_8));
        try {
            return new NewEvent(id, type, JSON.writeValueAsBytes(new Entry(key)), Metadata.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the ledger entry of deadline " + key, e);
        }
    }

    private static String keyOf(RecordedEvent entry) {
        try {
            return JSON.readValue(entry.data(), Entry.class).key();
        } catch (IOException e) {
            throw new UncheckedIOException("Deadline ledger entry " + entry + " cannot be read", e);
        }
    }
}
