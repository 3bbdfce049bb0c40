package dev.rewind.core.projection;

import dev.rewind.core.eventstore.EventStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A running blue/green rebuild (see {@link ProjectionRunner#rebuild}): its progress, and a future that completes
 * when the replacement has taken over.
 */
public final class Rebuild {

    private final String replaced;
    private final ProjectorWorker replacement;
    private final EventStore store;
    private final BiConsumer<String, ProjectorWorker> switchOver;
    private final CompletableFuture<ProjectionStatus> switched = new CompletableFuture<>();
    private final long startedNanos = System.nanoTime();
    private volatile boolean cancelled;

    Rebuild(String replaced, ProjectorWorker replacement, EventStore store,
            BiConsumer<String, ProjectorWorker> switchOver) {
        this.replaced = replaced;
        this.replacement = replacement;
        this.store = store;
        this.switchOver = switchOver;
    }

    /** Waits on its own thread (blocked on the replacement's progress, not polling) until it has caught up. */
    void watch() {
        Thread watcher = new Thread(() -> {
            try {
                while (!cancelled) {
                    long head = store.headPosition();
                    replacement.awaitPosition(head, Duration.ofSeconds(1).toNanos());
                    ProjectionStatus status = replacement.status();
                    if (status.state() == ProjectionState.FAILED) {
                        switched.completeExceptionally(new IllegalStateException("The rebuild of '" + replaced
                                + "' failed; the current projector keeps serving: " + status.lastError()));
                        return;
                    }
                    if (replacement.position() >= head && replacement.position() >= store.headPosition()) {
                        try {
                            switchOver.accept(replaced, replacement);
                        } catch (RuntimeException e) {
                            switched.completeExceptionally(e);
                            return;
                        }
                        switched.complete(replacement.status());
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rewind-rebuild-" + replaced);
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The progress so far: events done and total, rate, and the estimated time left. */
    public RebuildProgress progress() {
        long done = replacement.position();
        long total = store.headPosition();
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        double rate = done / seconds;
        Duration left = rate <= 0 ? Duration.ZERO
                : Duration.ofMillis((long) (Math.max(0, total - done) / rate * 1000));
        return new RebuildProgress(replacement.projector().name(), done, total, rate, left, switched.isDone());
    }

    /** Completes with the replacement's status once it has taken over; fails if the replacement failed. */
    public CompletableFuture<ProjectionStatus> switched() {
        return switched;
    }

    ProjectorWorker replacement() {
        return replacement;
    }

    void cancel() {
        cancelled = true;
        replacement.stop();
        switched.cancel(false);
    }
}
