package ${package};

import dev.rewind.core.testing.AggregateFixture;
import dev.rewind.core.testing.ProjectorFixture;
import ${package}.domain.Create${aggregate};
import ${package}.domain.${aggregate}Created;
import ${package}.domain.${aggregate}Id;
import ${package}.projection.${aggregate}Projector;
import ${package}.projection.${aggregate}View;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ${aggregate}Test {

    private static final ${aggregate}Id ID = new ${aggregate}Id("first");

    @Test
    void creating_records_the_name() {
        AggregateFixture.of(new ${context}Module())
                .when(new Create${aggregate}(ID, "First"))
                .thenEvents(new ${aggregate}Created(ID, "First"));
    }

    @Test
    void the_read_model_shows_what_was_created() {
        ProjectorFixture.of(new ${aggregate}Projector())
                .given(new ${aggregate}Created(ID, "First"))
                .thenState(p -> p.find(ID), Optional.of(new ${aggregate}View("first", "First")));
    }
}
