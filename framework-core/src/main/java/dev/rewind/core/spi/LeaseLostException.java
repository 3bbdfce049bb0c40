package dev.rewind.core.spi;

import java.util.Collection;

/**
 * A projector's batch was not committed because another process took over one of its partitions meanwhile; the
 * worker drops the batch and goes on with the partitions it holds now. Not an error of the projector.
 */
public final class LeaseLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The batch of {@code projector} advancing {@code checkpoints} was rolled back. */
    public LeaseLostException(String projector, Collection<String> checkpoints) {
        super("Projector '" + projector + "' lost the lease of one of " + checkpoints + " to another process; the"
                + " batch was rolled back and that process goes on from the checkpoint.");
    }
}
