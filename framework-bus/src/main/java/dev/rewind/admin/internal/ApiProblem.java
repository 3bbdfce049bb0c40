package dev.rewind.admin.internal;

/** A request the admin API refuses: its HTTP status and a message saying what was wrong and what to do. */
public final class ApiProblem extends RuntimeException {

    private final int status;

    /** A problem with this status and message. */
    public ApiProblem(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400: the request is malformed. */
    public static ApiProblem badRequest(String message) {
        return new ApiProblem(400, message);
    }

    /** 404: it names something that does not exist. */
    public static ApiProblem notFound(String message) {
        return new ApiProblem(404, message);
    }

    /** 409: the action does not fit the current state. */
    public static ApiProblem conflict(String message) {
        return new ApiProblem(409, message);
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}
