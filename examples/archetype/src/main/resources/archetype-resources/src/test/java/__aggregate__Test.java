package ${package};

import dev.rewind.core.command.AggregateAlreadyExistsException;
import dev.rewind.core.testing.AggregateFixture;
import ${package}.application.${aggregate}Events;
import ${package}.domain.Create${aggregate};
import ${package}.domain.${aggregate}Created;
import ${package}.domain.${aggregate}Event;
import ${package}.domain.${aggregate}Id;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The ${aggregate} aggregate's rules, through the real command path on an in-memory store. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ${aggregate}Test {

    private static final ${aggregate}Id ID = new ${aggregate}Id("first");
    private final AggregateFixture fixture = AggregateFixture.of(new ${context}Module());

    @Test
    void creating_records_the_name() {
        fixture.when(new Create${aggregate}(ID, "First"))
                .thenEvents(new ${aggregate}Created(ID, "First"));
    }

    @Test
    void an_id_is_created_once() {
        fixture.given(new ${aggregate}Created(ID, "First"))
                .when(new Create${aggregate}(ID, "Again"))
                .thenThrows(AggregateAlreadyExistsException.class, "exists already");
    }

    @Test
    void every_event_has_a_stable_type_name() {
        for (Class<?> type : ${aggregate}Event.class.getPermittedSubclasses()) {
            if (${aggregate}Events.TYPES.nameOf(type).isEmpty()) {
                throw new AssertionError(type.getSimpleName() + " has no name in ${aggregate}Events.TYPES");
            }
        }
    }
}
