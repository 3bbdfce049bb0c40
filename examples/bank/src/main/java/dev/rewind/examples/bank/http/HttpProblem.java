package dev.rewind.examples.bank.http;

/** A request the bank refuses, with the HTTP status and the message the caller gets as {@code {"error": ...}}. */
public final class HttpProblem extends RuntimeException {

    private final int status;

    /** A problem with this status and message. */
    public HttpProblem(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400: the request itself is malformed. */
    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, message);
    }

    /** 404: the request names something that does not exist. */
    public static HttpProblem notFound(String message) {
        return new HttpProblem(404, message);
    }

    /** 409: the request breaks a business rule given the current state. */
    public static HttpProblem conflict(String message) {
        return new HttpProblem(409, message);
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}
