package dev.rewind.core.internal.command;

import dev.rewind.core.command.CommandHandler;
import dev.rewind.core.command.NoHandlerException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The immutable table of which handler takes which command type, built once at start-up. */
public final class CommandHandlers {

    private final Map<Class<?>, CommandHandler<Object>> byType;

    private CommandHandlers(Map<Class<?>, CommandHandler<Object>> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** A builder that refuses a second handler for the same command type. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The handler of a command type.
     *
     * @throws NoHandlerException naming the type if none is registered
     */
    public CommandHandler<Object> handlerFor(Class<?> commandType) {
        CommandHandler<Object> handler = byType.get(commandType);
        if (handler == null) {
            throw new NoHandlerException(commandType);
        }
        return handler;
    }

    /** Every command type with a handler. */
    public Set<Class<?>> commandTypes() {
        return byType.keySet();
    }

    /** Collects handlers; {@link #build()} seals them. */
    public static final class Builder {
        private final Map<Class<?>, CommandHandler<Object>> byType = new HashMap<>();

        private Builder() {
        }

        /**
         * Registers the handler of a command type.
         *
         * @throws IllegalStateException if the type already has a handler
         */
        @SuppressWarnings("unchecked")
        public <C> Builder add(Class<C> commandType, CommandHandler<? super C> handler) {
            Objects.requireNonNull(commandType, "commandType must not be null");
            Objects.requireNonNull(handler, "handler must not be null");
            if (byType.putIfAbsent(commandType, (CommandHandler<Object>) handler) != null) {
                throw new IllegalStateException("Command " + commandType.getName() + " has two handlers; each"
                        + " command type is handled in exactly one place. Remove one of the registrations.");
            }
            return this;
        }

        /** Adds every handler of another table, with the same duplicate check. */
        public Builder addAll(CommandHandlers other) {
            other.byType.forEach(this::add);
            return this;
        }

        /** The immutable table. */
        public CommandHandlers build() {
            return new CommandHandlers(byType);
        }
    }
}
