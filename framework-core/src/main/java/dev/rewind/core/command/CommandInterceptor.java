package dev.rewind.core.command;

/**
 * Wraps every dispatch: validation, correlation ids, logging, metrics. An interceptor calls
 * {@code next.proceed(message)} to go on (possibly with changed metadata), or throws to refuse the command.
 *
 * <pre>{@code
 * CommandInterceptor validation = (message, next) -> {
 *     if (message.command() instanceof Deposit d && d.amountCents() > 1_000_000) {
 *         throw new IllegalArgumentException("Deposits above 10,000.00 need a manual check");
 *     }
 *     return next.proceed(message);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface CommandInterceptor {

    /** Intercepts one dispatch. */
    CommandResult intercept(CommandMessage message, Next next);

    /** The rest of the chain. */
    @FunctionalInterface
    interface Next {
        /** Passes the message on to the next interceptor, or to the handler. */
        CommandResult proceed(CommandMessage message);
    }
}
