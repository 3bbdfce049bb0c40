package dev.rewind.admin;

import dev.rewind.core.projection.Projector;
import java.util.Optional;

/**
 * Makes the fresh projector a rebuild replays into: the admin API's {@code POST /admin/api/projectors/{name}/rebuild}
 * asks it for the projector serving the stable name {@code name}. The replacement needs a name of its own (it keys
 * its checkpoint) and tables of its own (see {@code ProjectionRunner.rebuild}).
 *
 * <pre>{@code
 * ReplacementFactory replacements = name -> name.equals("balances")
 *         ? Optional.of(new BalancesProjector("balances-v2"))
 *         : Optional.empty();
 * }</pre>
 */
@FunctionalInterface
public interface ReplacementFactory {

    /** A factory that can rebuild nothing: every rebuild is refused with a message saying how to allow it. */
    ReplacementFactory NONE = name -> Optional.empty();

    /** A new, never started projector to rebuild {@code name} into; empty if this projector cannot be rebuilt. */
    Optional<Projector> replacementFor(String name);
}
