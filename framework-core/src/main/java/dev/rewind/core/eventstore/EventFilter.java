package dev.rewind.core.eventstore;

import java.util.Objects;
import java.util.Set;

/**
 * Which events of the global log a reader wants: all, or those of some stream categories and/or some event types.
 *
 * <p>A stream's category is the part of its id before the first {@code -}: stream {@code account-acc-7} is in
 * category {@code account}. An empty set means "no restriction" for that dimension.
 *
 * @param categories the stream categories to keep, or empty for all
 * @param eventTypes the event type names to keep, or empty for all
 */
public record EventFilter(Set<String> categories, Set<String> eventTypes) {

    private static final EventFilter ALL = new EventFilter(Set.of(), Set.of());

    /** Copies the sets. */
    public EventFilter {
        categories = Set.copyOf(Objects.requireNonNull(categories, "categories must not be null"));
        eventTypes = Set.copyOf(Objects.requireNonNull(eventTypes, "eventTypes must not be null"));
    }

    /** Every event. */
    public static EventFilter all() {
        return ALL;
    }

    /** Events of streams in any of these categories. */
    public static EventFilter categories(String... categories) {
        return new EventFilter(Set.of(categories), Set.of());
    }

    /** Events of any of these types. */
    public static EventFilter eventTypes(String... types) {
        return new EventFilter(Set.of(), Set.of(types));
    }

    /** Whether this filter lets every event through. */
    public boolean isAll() {
        return categories.isEmpty() && eventTypes.isEmpty();
    }

    /** Whether an event of this stream and type passes. */
    public boolean matches(String streamId, String type) {
        return (categories.isEmpty() || categories.contains(categoryOf(streamId)))
                && (eventTypes.isEmpty() || eventTypes.contains(type));
    }

    /** Whether this stored event passes. */
    public boolean matches(RecordedEvent event) {
        return matches(event.streamId(), event.type());
    }

    /** The category of a stream id: the part before the first {@code -}, or the whole id if it has none. */
    public static String categoryOf(String streamId) {
        int dash = streamId.indexOf('-');
        return dash < 0 ? streamId : streamId.substring(0, dash);
    }
}
