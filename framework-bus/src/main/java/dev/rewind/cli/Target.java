package dev.rewind.cli;

/** Which of {@code --store} and {@code --url} a command that takes either was given: exactly one. */
final class Target {

    private Target() {
    }

    /**
     * Whether the command goes to the application (true) or the store folder (false).
     *
     * @throws CliException (usage) if neither or both were given
     */
    static boolean online(StoreOptions store, AppOptions app) {
        if (store.given() == app.given()) {
            throw new CliException(ExitCodes.USAGE, (store.given() ? "Both --store and --url were given"
                    : "Neither --store nor --url was given") + " (or set by REWIND_STORE and REWIND_URL); name the"
                    + " store folder with --store, or the running application's admin port with --url.");
        }
        return app.given();
    }
}
