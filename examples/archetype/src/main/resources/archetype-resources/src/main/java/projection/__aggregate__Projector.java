package ${package}.projection;

import dev.rewind.core.projection.Projector;
import ${package}.domain.${aggregate}Created;
import ${package}.domain.${aggregate}Id;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a {@link ${aggregate}View} per ${aggregate}, in memory. For a read model in the event store's
 * database, with its checkpoint in the same transaction, extend {@code dev.rewind.eventstore.readmodel.JdbcProjector}.
 */
public final class ${aggregate}Projector extends Projector {

    private final Map<String, ${aggregate}View> views = new ConcurrentHashMap<>();

    /** A projector named {@code ${aggregate.toLowerCase()}-views}; the name keys its checkpoint: keep it. */
    public ${aggregate}Projector() {
        super("${aggregate.toLowerCase()}-views");
        on(${aggregate}Created.class,
                e -> views.put(e.id().value(), new ${aggregate}View(e.id().value(), e.name())));
    }

    /** The view of one ${aggregate}, if it exists. */
    public Optional<${aggregate}View> find(${aggregate}Id id) {
        return Optional.ofNullable(views.get(id.value()));
    }
}
