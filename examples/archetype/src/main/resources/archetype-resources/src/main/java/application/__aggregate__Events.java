package ${package}.application;

import dev.rewind.core.serialization.EventTypes;
import ${package}.domain.${aggregate}Created;

/** The stable names ${aggregate} events are stored under. Never change one; add a version and an upcaster. */
public final class ${aggregate}Events {

    /** Every ${aggregate} event type. */
    public static final EventTypes TYPES = EventTypes.builder()
            .add("${aggregate}Created.v1", ${aggregate}Created.class)
            .build();

    private ${aggregate}Events() {
    }
}
