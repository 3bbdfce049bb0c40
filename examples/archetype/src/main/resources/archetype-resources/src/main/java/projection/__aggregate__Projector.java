package ${package}.projection;

import dev.rewind.eventstore.readmodel.JdbcProjector;
import ${package}.domain.${aggregate}Created;
import ${package}.domain.${aggregate}Id;
import jakarta.inject.Inject;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Keeps one {@link ${aggregate}View} per ${aggregate} in the table {@code ${aggregate.toLowerCase()}_views} of the
 * event store's database, each batch of events in one transaction with the projector's checkpoint. The framework
 * creates the table before the first event and empties it when the read model is built again.
 */
public final class ${aggregate}Projector extends JdbcProjector {

    private static final String TABLE = "CREATE TABLE ${aggregate.toLowerCase()}_views ("
            + "id VARCHAR(100) PRIMARY KEY, name VARCHAR(1000) NOT NULL)";
    private static final String INSERT = "INSERT INTO ${aggregate.toLowerCase()}_views (id, name) VALUES (?, ?)";
    private static final String FIND = "SELECT id, name FROM ${aggregate.toLowerCase()}_views WHERE id = ?";

    /**
     * A projector named {@code ${aggregate.toLowerCase()}-views} (the name keys its checkpoint: keep it), writing
     * into the event store's database; with Guice and {@code EventStoreModule} the data source is injected.
     */
    @Inject
    public ${aggregate}Projector(DataSource dataSource) {
        super("${aggregate.toLowerCase()}-views", dataSource);
        ownsTable("${aggregate.toLowerCase()}_views", TABLE);
        onSql(${aggregate}Created.class, (e, sql) -> sql.update(INSERT, e.id().value(), e.name()));
    }

    /** The view of one ${aggregate}, if the projector has seen it created. */
    public Optional<${aggregate}View> find(${aggregate}Id id) {
        return queries().first(FIND, row -> new ${aggregate}View(row.getString(1), row.getString(2)), id.value());
    }
}
