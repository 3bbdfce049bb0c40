package ${package}.projection;

import dev.rewind.core.testing.ProjectorFixture;
import dev.rewind.eventstore.EventStores;
import ${package}.domain.${aggregate}Created;
import ${package}.domain.${aggregate}Id;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The read model, on a private in-memory database of its own for each test. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ${aggregate}ProjectorTest {

    private static final ${aggregate}Id ID = new ${aggregate}Id("first");
    private final ${aggregate}Projector projector = new ${aggregate}Projector(EventStores.testDatabase());

    @Test
    void the_read_model_shows_what_was_created() {
        ProjectorFixture.of(projector)
                .given(new ${aggregate}Created(ID, "First"))
                .thenState(p -> p.find(ID), Optional.of(new ${aggregate}View("first", "First")));
    }

    @Test
    void an_id_it_has_not_seen_created_has_no_view() {
        ProjectorFixture.of(projector)
                .given(new ${aggregate}Created(ID, "First"))
                .thenState(p -> p.find(new ${aggregate}Id("second")), Optional.empty());
    }
}
