package dev.rewind.core.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The base class of event-sourced aggregates. Subclasses write intention-revealing methods that check the business
 * rules and then {@link #raise(Object)} events; {@link #apply(Object)} changes state from an event, both for new
 * events and when the aggregate is loaded from its stream.
 *
 * <pre>{@code
 * public final class Account extends AggregateRoot<AccountId, AccountEvent> {
 *     private long balance;
 *
 *     public void deposit(long cents) {
 *         raise(new MoneyDeposited(id(), cents, balance + cents));
 *     }
 *
 *     protected void apply(AccountEvent event) {
 *         if (event instanceof MoneyDeposited e) {
 *             balance = e.newBalance();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Instances are not thread-safe; the framework gives each command its own instance.
 *
 * @param <ID> the aggregate's id type, for example a record {@code AccountId}
 * @param <E> the aggregate's event type, usually a sealed interface of records
 */
public abstract class AggregateRoot<ID, E> {

    private ID id;
    private long version = -1;
    private final List<E> pending = new ArrayList<>();

    /** Creates an aggregate with no id, no history and no pending events. */
    protected AggregateRoot() {
    }

    /** The aggregate's id; null only inside a factory method, before the framework has assigned it. */
    public final ID id() {
        return id;
    }

    /** The version of the last stored event applied; -1 for an aggregate never stored. */
    public final long version() {
        return version;
    }

    /** The events raised since the aggregate was loaded or last saved, in order. */
    public final List<E> pendingEvents() {
        return List.copyOf(pending);
    }

    /**
     * Records a new event: applies it to the state, then keeps it to be appended when the command completes.
     *
     * @throws NullPointerException if {@code event} is null
     */
    protected final void raise(E event) {
        Objects.requireNonNull(event, "a raised event must not be null");
        apply(event);
        pending.add(event);
    }

    /**
     * Changes the state from one event. Must not check rules or throw for valid history: stored events are facts.
     * Java 17 style: an {@code instanceof} chain ending in {@code else throw new IllegalStateException(...)}.
     */
    protected abstract void apply(E event);

    final void assignId(ID newId) {
        if (id != null && !id.equals(newId)) {
            throw new IllegalStateException("Aggregate " + getClass().getSimpleName() + " already has id " + id
                    + "; it cannot become " + newId);
        }
        id = newId;
    }

    final void replay(E event, long eventVersion) {
        apply(event);
        version = eventVersion;
    }

    final void restored(long snapshotVersion) {
        version = snapshotVersion;
    }

    final void committed(long newVersion) {
        pending.clear();
        version = newVersion;
    }

    final boolean hasPending() {
        return !pending.isEmpty();
    }

    final List<E> pendingView() {
        return pending;
    }
}
