package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.rewind.core.Rewind;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.guice.RewindModule;
import dev.rewind.eventstore.EventStoreModule;
import ${package}.domain.Create${aggregate};
import ${package}.domain.${aggregate}Id;
import ${package}.projection.${aggregate}Projector;
import ${package}.projection.${aggregate}View;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole context wired with Guice as an application wires it, on the embedded store in a fresh folder. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ${context}ModuleTest {

    @TempDir
    Path folder;

    @Test
    void a_command_sent_to_the_running_context_shows_in_its_read_model() {
        Injector injector = Guice.createInjector(new RewindModule(), new EventStoreModule("embedded:" + folder),
                new ${context}Module());
        try (Rewind rewind = injector.getInstance(Rewind.class).start()) {
            // when
            CommandResult created = rewind.commands().send(new Create${aggregate}(new ${aggregate}Id("first"), "First"));
            // then: the read model follows the store; wait until it has seen the command's events
            assertTrue(rewind.projections().awaitPosition(created.position(), Duration.ofSeconds(10)));
            assertEquals(Optional.of(new ${aggregate}View("first", "First")),
                    injector.getInstance(${aggregate}Projector.class).find(created.value(${aggregate}Id.class)));
        }
    }
}
