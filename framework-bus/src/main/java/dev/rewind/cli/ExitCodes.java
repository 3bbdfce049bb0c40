package dev.rewind.cli;

/** The exit codes of {@code rewind}, for scripts; {@code rewind --help} lists them too (keep both alike). */
public final class ExitCodes {

    /** Done: the check found nothing wrong, the action was carried out. */
    public static final int OK = 0;
    /** The check found a problem (a damaged log), or the application refused or failed the action. */
    public static final int PROBLEM = 1;
    /** Bad usage: an unknown option, a missing or malformed value, a folder that cannot be used as asked. */
    public static final int USAGE = 2;
    /** The application could not be reached, or the store folder could not be opened or read. */
    public static final int UNREACHABLE = 3;
    /** The application refused the admin token: missing, wrong, or no token configured there (read-only). */
    public static final int TOKEN_REFUSED = 4;

    private ExitCodes() {
    }
}
