package dev.rewind.core.aggregate;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How the framework stores one aggregate class: its stream category, how to make an empty instance, and how its id
 * becomes part of a stream id ({@code <category>-<id text>}).
 *
 * @param aggregateClass the aggregate class
 * @param category the stream category, for example {@code account}; must not contain {@code -}
 * @param factory makes an empty instance, usually the no-argument constructor ({@code Account::new})
 * @param idText turns an id into the text after the category, for example {@code AccountId::value}
 * @param snapshots the snapshot policy, if snapshots are wanted
 * @param <ID> the id type
 * @param <A> the aggregate type
 */
public record AggregateType<ID, A extends AggregateRoot<ID, ?>>(
        Class<A> aggregateClass,
        String category,
        Supplier<A> factory,
        Function<ID, String> idText,
        Optional<SnapshotPolicy<A, ?>> snapshots) {

    /** Checks the arguments. */
    public AggregateType {
        Objects.requireNonNull(aggregateClass, "aggregateClass must not be null");
        Objects.requireNonNull(factory, "factory must not be null");
        Objects.requireNonNull(idText, "idText must not be null");
        Objects.requireNonNull(snapshots, "snapshots must not be null (use Optional.empty())");
        if (category == null || category.isEmpty() || category.contains("-")) {
            throw new IllegalArgumentException("The stream category of " + aggregateClass.getSimpleName()
                    + " must be non-empty without '-', got '" + category + "'.");
        }
    }

    /** An aggregate type without snapshots. */
    public static <ID, A extends AggregateRoot<ID, ?>> AggregateType<ID, A> of(Class<A> aggregateClass,
            String category, Supplier<A> factory, Function<ID, String> idText) {
        return new AggregateType<>(aggregateClass, category, factory, idText, Optional.empty());
    }

    /** The same type with a snapshot policy. */
    public AggregateType<ID, A> withSnapshots(SnapshotPolicy<A, ?> policy) {
        return new AggregateType<>(aggregateClass, category, factory, idText, Optional.of(policy));
    }

    /** The stream id of the aggregate with this id. */
    public String streamId(ID id) {
        Objects.requireNonNull(id, () -> "The id of a " + aggregateClass.getSimpleName() + " must not be null");
        return category + "-" + idText.apply(id);
    }
}
