package dev.rewind.core.internal.metrics;

import dev.rewind.core.command.AggregateAlreadyExistsException;
import dev.rewind.core.command.AggregateNotFoundException;
import dev.rewind.core.command.CommandConflictException;
import dev.rewind.core.command.NoHandlerException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Command dispatch: {@code rewind.commands}, a timer per command type and outcome ({@code ok}, {@code conflict}:
 * the retries ran out, {@code rejected}: the aggregate's state or the command refused it, {@code failed}: anything
 * else), and {@code rewind.command.conflicts}, the version conflicts met and retried.
 */
public final class CommandMeters {

    /** The outcome tag of a dispatch that threw {@code failure}, or {@code ok} for null. */
    static String outcomeOf(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        if (failure instanceof CommandConflictException) {
            return "conflict";
        }
        if (failure instanceof AggregateNotFoundException || failure instanceof AggregateAlreadyExistsException
                || failure instanceof NoHandlerException || failure instanceof IllegalArgumentException
                || failure instanceof IllegalStateException) {
            return "rejected";
        }
        return "failed";
    }

    private static final String[] OUTCOMES = {"ok", "conflict", "rejected", "failed"};
    // one timer per outcome, made once per command type: dispatch only indexes an array
    private static final ClassValue<Timer[]> TIMERS = new ClassValue<>() {
        @Override
        protected Timer[] computeValue(Class<?> commandType) {
            Timer[] timers = new Timer[OUTCOMES.length];
            for (int i = 0; i < OUTCOMES.length; i++) {
                timers[i] = Timer.builder("rewind.commands")
                        .description("Commands dispatched in this process, by type and outcome")
                        .tag("command", commandType.getSimpleName()).tag("outcome", OUTCOMES[i])
                        .register(Metrics.globalRegistry);
            }
            return timers;
        }
    };
    private static final ConcurrentMap<String, Counter> CONFLICTS = new ConcurrentHashMap<>();

    private CommandMeters() {
    }

    /** Records one dispatch of a command type that took {@code nanos} and ended with {@code failure} (or null). */
    public static void dispatched(Class<?> commandType, long nanos, Throwable failure) {
        String outcome = outcomeOf(failure);
        int index = 0;
        while (!OUTCOMES[index].equals(outcome)) {
            index++;
        }
        TIMERS.get(commandType)[index].record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts a version conflict a command met on an aggregate of {@code category} and will retry. */
    public static void conflict(String category) {
        CONFLICTS.computeIfAbsent(category, key -> Counter.builder("rewind.command.conflicts")
                .description("Version conflicts commands met (another writer changed the aggregate first)")
                .tag("aggregate", category).register(Metrics.globalRegistry)).increment();
    }
}
